/**
 * Disk strings (issue 8 item 2): the banner every screen shows when the data disk is low, critical
 * or full, and the two error codes. Spread into the zh-CN and en catalogues; the parity test checks
 * both halves have the same keys. {percent} and {free} arrive formatted in the gate's language.
 */
export const diskZhCN = {
  'disk.label': '存储空间',
  'disk.low': '存储空间已用 {percent}（剩余 {free}）：导入和导出已暂停，出入检查照常保存',
  'disk.critical': '存储空间即将用尽（已用 {percent}，剩余 {free}）：请管理员立即清理；出入检查仍会保存',
  'disk.full': '存储空间已满：最近一次记录未能保存。请人工登记，并立即通知管理员清理空间',
  'error.disk_low': '存储空间不足，导入和导出已暂停，请管理员清理空间后重试',
  'error.disk_full': '存储空间已满，本次记录未保存。请人工登记，并通知管理员清理空间',
};

export const diskEn: Record<keyof typeof diskZhCN, string> = {
  'disk.label': 'Storage',
  'disk.low': 'Storage {percent} used ({free} free): imports and exports paused; checks are still saved',
  'disk.critical': 'Storage almost full ({percent} used, {free} free): a manager must free space now; checks are still saved',
  'disk.full': 'Storage full: the last record could not be saved. Record it by hand and call a manager to free space now',
  'error.disk_low': 'Storage is low: imports and exports are paused. Ask a manager to free space, then try again',
  'error.disk_full': 'Storage is full: this record was not saved. Record it by hand and ask a manager to free space',
};
