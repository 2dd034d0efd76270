import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResidentSummary } from '../../../shared/contract';
import type { AuditEntry, AuditVerify, ScheduleImportReport, ScheduleSlot, StaffMember, StaffRole, WatchNote } from '../../../shared/staff';
import { StaffRole as StaffRoleSchema } from '../../../shared/staff';
import { useGate, useReportError } from '../hooks/gateContext';
import { formatDateTime } from '../i18n/format';
import { arrayBufferToBase64 } from '../util/base64';
import { fileImportError } from '../util/fileImportError';
import { useStaffSession } from './useStaffSession';

const ROLES = StaffRoleSchema.options;

/** The manager's staff tab: people, today's rota, watch notes and the audit trail's check. */
export function StaffScreen() {
  const { t } = useTranslation();
  const { managerOnDuty } = useStaffSession();
  return (
    <div className="staffscreen" data-testid="staff-screen">
      <ScheduleSection />
      <WatchSection />
      {managerOnDuty ? (
        <>
          <StaffSection />
          <AuditSection />
        </>
      ) : (
        <p className="staffscreen__needs" data-testid="staff-needs-manager">
          {t('staff.screen.needsManager')}
        </p>
      )}
    </div>
  );
}

function StaffSection() {
  const { t } = useTranslation();
  const { client, info } = useGate();
  const reportError = useReportError();
  const [list, setList] = useState<StaffMember[]>([]);
  const [name, setName] = useState('');
  const [role, setRole] = useState<StaffRole>('volunteer');
  const [pin, setPin] = useState('');
  const [card, setCard] = useState('');
  const [resetFor, setResetFor] = useState<string | null>(null);
  const [newPin, setNewPin] = useState('');
  const load = useCallback(() => client.call('staff:list', {}).then(setList, reportError), [client, reportError]);
  useEffect(() => void load(), [load]);

  const run = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      await load();
    } catch (err) {
      reportError(err);
    }
  };
  const create = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await client.call('staff:create', { name: name.trim(), role, pin, ...(card.trim() ? { card: card.trim() } : {}) });
      setName('');
      setPin('');
      setCard('');
    });
  };

  return (
    <section className="staffscreen__section" data-testid="staff-list">
      <h2>{t('staff.screen.staff')}</h2>
      <table className="staffscreen__table">
        <thead>
          <tr>
            <th>{t('staff.field.name')}</th>
            <th>{t('staff.field.role')}</th>
            <th>{t('staff.field.card')}</th>
            <th>{t('staff.field.state')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {list.map((s) => (
            <tr key={s.id} data-testid={`staff-row-${s.id}`} data-active={s.active}>
              <td>{s.name}</td>
              <td>
                <select aria-label={t('staff.field.role')} value={s.role} onChange={(e) => void run(() => client.call('staff:update', { staffId: s.id, role: e.target.value as StaffRole }))}>
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {t(`staff.role.${r}`)}
                    </option>
                  ))}
                </select>
              </td>
              <td>{s.hasCard ? t('staff.field.hasCard') : '—'}</td>
              <td>
                {!s.active ? t('staff.state.disabled') : s.lockedUntil ? t('staff.state.locked', { time: formatDateTime(s.lockedUntil, info.timeZone) }) : t('staff.state.active')}
              </td>
              <td className="staffscreen__actions">
                <button type="button" onClick={() => void run(() => client.call('staff:update', { staffId: s.id, active: !s.active }))}>
                  {t(s.active ? 'staff.action.disable' : 'staff.action.enable')}
                </button>
                {resetFor === s.id ? (
                  <form
                    onSubmit={(e) => {
                      e.preventDefault();
                      void run(async () => {
                        await client.call('staff:resetPin', { staffId: s.id, pin: newPin });
                        setResetFor(null);
                        setNewPin('');
                      });
                    }}
                  >
                    <input type="password" inputMode="numeric" aria-label={t('staff.pin.label')} value={newPin} maxLength={8} onChange={(e) => setNewPin(e.target.value.replace(/\D/g, ''))} />
                    <button type="submit" disabled={newPin.length < 4}>
                      {t('staff.action.save')}
                    </button>
                  </form>
                ) : (
                  <button type="button" onClick={() => setResetFor(s.id)}>
                    {t('staff.action.resetPin')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="staffscreen__create" onSubmit={create} data-testid="staff-create">
        <h3>{t('staff.screen.add')}</h3>
        <label>
          {t('staff.field.name')}
          <input value={name} maxLength={40} onChange={(e) => setName(e.target.value)} data-testid="staff-create-name" />
        </label>
        <label>
          {t('staff.field.role')}
          <select value={role} onChange={(e) => setRole(e.target.value as StaffRole)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`staff.role.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('staff.pin.label')}
          <input type="password" inputMode="numeric" value={pin} maxLength={8} onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))} data-testid="staff-create-pin" />
        </label>
        <label>
          {t('staff.field.card')}
          <input value={card} maxLength={64} placeholder="GS-…" onChange={(e) => setCard(e.target.value)} />
        </label>
        <button type="submit" disabled={!name.trim() || pin.length < 4} data-testid="staff-create-submit">
          {t('staff.action.create')}
        </button>
      </form>
    </section>
  );
}

function ScheduleSection() {
  const { t } = useTranslation();
  const { client } = useGate();
  const reportError = useReportError();
  const { managerOnDuty } = useStaffSession();
  const [day, setDay] = useState<{ day: string; slots: ScheduleSlot[] } | null>(null);
  const [report, setReport] = useState<ScheduleImportReport | null>(null);
  const load = useCallback(() => client.call('schedule:day', {}).then(setDay, reportError), [client, reportError]);
  useEffect(() => void load(), [load]);

  const pick = async (file: File | undefined) => {
    if (!file) return;
    try {
      const input = { fileName: file.name, dataBase64: arrayBufferToBase64(await file.arrayBuffer()) };
      const dry = await client.call('schedule:import', { ...input, dryRun: true });
      setReport(dry.problems.length ? dry : await client.call('schedule:import', { ...input, dryRun: false }));
      await load();
    } catch (err) {
      reportError(fileImportError(err, t));
    }
  };

  return (
    <section className="staffscreen__section" data-testid="schedule">
      <h2>{t('staff.schedule.title', { day: day?.day ?? '' })}</h2>
      {day && day.slots.length === 0 ? <p>{t('staff.schedule.none')}</p> : null}
      <ul className="staffscreen__slots">
        {day?.slots.map((s) => (
          <li key={s.id} data-now={s.now} data-testid="schedule-slot">
            <strong>{s.post}</strong> {s.starts}–{s.ends} {s.name}
            {s.role ? ` · ${s.role}` : ''}
            {s.now ? <span className="staffscreen__now"> {t('staff.schedule.now')}</span> : null}
          </li>
        ))}
      </ul>
      {managerOnDuty ? (
        <label className="staffscreen__file">
          {t('staff.schedule.import')}
          <input type="file" accept=".csv,.xlsx" onChange={(e) => void pick(e.target.files?.[0])} data-testid="schedule-file" />
        </label>
      ) : null}
      {report ? (
        <p data-testid="schedule-report">
          {report.imported ? t('staff.schedule.imported', { n: report.importedRows }) : t('staff.schedule.problems', { n: report.problems.length })}
          {report.problems.slice(0, 10).map((p) => (
            <span key={`${p.row}-${p.field}`} className="staffscreen__problem">
              {t('staff.schedule.problem', { row: p.row, field: p.field, value: p.value })}
            </span>
          ))}
        </p>
      ) : null}
    </section>
  );
}

function WatchSection() {
  const { t } = useTranslation();
  const { client } = useGate();
  const reportError = useReportError();
  const [notes, setNotes] = useState<WatchNote[]>([]);
  const [building, setBuilding] = useState('');
  const [room, setRoom] = useState('');
  const [found, setFound] = useState<ResidentSummary[]>([]);
  const [note, setNote] = useState('');
  const [until, setUntil] = useState('');
  const load = useCallback(() => client.call('watch:list', {}).then(setNotes, reportError), [client, reportError]);
  useEffect(() => void load(), [load]);

  const search = async (e: FormEvent) => {
    e.preventDefault();
    if (!building.trim() || !room.trim()) return;
    try {
      setFound(await client.call('roster:search', { building: building.trim(), room: room.trim() }));
    } catch (err) {
      reportError(err);
    }
  };
  // A room number can repeat across units: the manager picks the household when it does.
  const households = [...new Map(found.map((r) => [r.household.id, r.household])).values()];
  const [picked, setPicked] = useState<string | null>(null);
  const household = households.length === 1 ? households[0]! : (households.find((h) => h.id === picked) ?? null);
  const add = async () => {
    if (!household || !note.trim()) return;
    try {
      await client.call('watch:add', { householdId: household.id, note: note.trim(), until: until || null });
      setNote('');
      setUntil('');
      setFound([]);
      await load();
    } catch (err) {
      reportError(err);
    }
  };

  return (
    <section className="staffscreen__section" data-testid="watch">
      <h2>{t('staff.watch.title')}</h2>
      <ul>
        {notes.map((n) => (
          <li key={n.id} data-testid="watch-row">
            <strong>{n.household}</strong> {n.note}
            {n.until ? ` · ${t('staff.watch.until', { date: n.until })}` : ''}{' '}
            <button type="button" onClick={() => void client.call('watch:clear', { id: n.id }).then(load, reportError)}>
              {t('staff.watch.clear')}
            </button>
          </li>
        ))}
      </ul>
      <form className="staffscreen__create" onSubmit={search}>
        <label>
          {t('staff.watch.building')}
          <input value={building} maxLength={32} onChange={(e) => setBuilding(e.target.value)} data-testid="watch-building" />
        </label>
        <label>
          {t('staff.watch.room')}
          <input value={room} maxLength={32} onChange={(e) => setRoom(e.target.value)} data-testid="watch-room" />
        </label>
        <button type="submit">{t('staff.watch.find')}</button>
      </form>
      {households.length > 1 ? (
        <div className="staffscreen__actions">
          {households.map((h) => (
            <button key={h.id} type="button" aria-pressed={picked === h.id} onClick={() => setPicked(h.id)} data-testid="watch-pick">
              {[h.building, h.unit, h.room].filter(Boolean).join('-')}
            </button>
          ))}
        </div>
      ) : null}
      {household ? (
        <div className="staffscreen__create">
          <span data-testid="watch-household">{[household.building, household.unit, household.room].filter(Boolean).join('-')}</span>
          <label>
            {t('staff.watch.note')}
            <input value={note} maxLength={200} onChange={(e) => setNote(e.target.value)} data-testid="watch-note-input" />
          </label>
          <label>
            {t('staff.watch.untilLabel')}
            <input type="date" value={until} onChange={(e) => setUntil(e.target.value)} />
          </label>
          <button type="button" disabled={!note.trim()} onClick={() => void add()} data-testid="watch-add">
            {t('staff.watch.add')}
          </button>
        </div>
      ) : null}
    </section>
  );
}

function AuditSection() {
  const { t } = useTranslation();
  const { client, info } = useGate();
  const reportError = useReportError();
  const [result, setResult] = useState<AuditVerify | null>(null);
  const [recent, setRecent] = useState<AuditEntry[]>([]);
  const { session } = useStaffSession();
  const nameOf = (id: string): string => session?.staff.find((s) => s.id === id)?.name ?? id;
  const verify = async () => {
    try {
      setResult(await client.call('audit:verify', {}));
      setRecent(await client.call('audit:list', { limit: 30, offset: 0 }));
    } catch (err) {
      reportError(err);
    }
  };
  return (
    <section className="staffscreen__section" data-testid="audit">
      <h2>{t('staff.audit.title')}</h2>
      <button type="button" className="staff__primary" onClick={() => void verify()} data-testid="audit-verify">
        {t('staff.audit.verify')}
      </button>
      {result ? (
        <p className={result.ok ? 'audit__ok' : 'audit__broken'} data-testid="audit-result" data-ok={result.ok} role="status">
          {result.ok
            ? t('staff.audit.ok', { n: result.records })
            : t('staff.audit.broken', { seq: result.brokenAt?.seq ?? 0, problem: t(`staff.audit.problem.${result.brokenAt?.problem ?? 'hash_mismatch'}`) })}
        </p>
      ) : null}
      <ul className="audit__list">
        {recent.map((r) => (
          <li key={r.id}>
            #{r.seq} {formatDateTime(r.at, info.timeZone)} <code>{r.kind}</code> {r.actors.map(nameOf).join(t('list.separator'))}
          </li>
        ))}
      </ul>
    </section>
  );
}
