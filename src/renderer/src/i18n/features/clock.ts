/**
 * Clock strings (issue 8 item 6): the banner shown while the kiosk's system clock disagrees with
 * the gate's trusted time. Spread into the zh-CN and en catalogues; the parity test checks both.
 */
export const clockZhCN = {
  'clock.label': '系统时钟',
  'clock.ahead': '本机系统时间快了 {gap}（显示 {wall}）。',
  'clock.behind': '本机系统时间慢了 {gap}（显示 {wall}）。',
  'clock.keepsTrusted': '门岗仍按可信时间 {time} 记录和判断。请检查系统时间；确认系统时间正确后，由值班经理点击采用。',
  'clock.accept': '采用系统时间（经理）',
  'clock.gap.minutes': '{n} 分钟',
  'clock.gap.hours': '{n} 小时',
  'clock.gap.days': '{n} 天',
};

export const clockEn: Record<keyof typeof clockZhCN, string> = {
  'clock.label': 'System clock',
  'clock.ahead': "This kiosk's system clock is {gap} fast (it shows {wall}).",
  'clock.behind': "This kiosk's system clock is {gap} slow (it shows {wall}).",
  'clock.keepsTrusted': 'The gate keeps recording and deciding with its trusted time, {time}. Please check the system clock; once it is right, a manager on duty can accept it.',
  'clock.accept': 'Accept system clock (manager)',
  'clock.gap.minutes': '{n} min',
  'clock.gap.hours': '{n} h',
  'clock.gap.days': '{n} days',
};
