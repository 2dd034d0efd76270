/**
 * Config fallback strings (decision 0022): the line every screen shows while the gate runs on its
 * last good settings because config.json was broken or missing at start-up. Amber, not an alarm:
 * checks go on; a manager has to fix the file or save the settings again. One problem sentence per
 * reason code of src/shared/configStatus.ts, then the shared "running on …" sentence. Spread into
 * the zh-CN and en catalogues; the parity test checks both halves have the same keys.
 */
export const configZhCN = {
  'config.label': '设置文件',
  'config.problem.missing': '设置文件 config.json 不见了',
  'config.problem.unreadable': '设置文件 config.json 无法读取',
  'config.problem.too_large': '设置文件 config.json 过大',
  'config.problem.too_deep': '设置文件 config.json 层级过深',
  'config.problem.not_json': '设置文件 config.json 格式损坏',
  'config.problem.invalid_value': '设置文件 config.json 中有无效设置',
  'config.problem.invalid_field': '设置文件 config.json 中的 {field} 无效',
  'config.fallback': '{problem}，自 {since} 起沿用上次正常的设置，检查照常。请管理员修正该文件，或在“设备”页重新保存设置',
};

export const configEn: Record<keyof typeof configZhCN, string> = {
  'config.label': 'Settings file',
  'config.problem.missing': 'The settings file config.json is missing',
  'config.problem.unreadable': 'The settings file config.json cannot be read',
  'config.problem.too_large': 'The settings file config.json is too large',
  'config.problem.too_deep': 'The settings file config.json is nested too deeply',
  'config.problem.not_json': 'The settings file config.json is damaged',
  'config.problem.invalid_value': 'The settings file config.json has an invalid setting',
  'config.problem.invalid_field': 'The setting {field} in config.json is invalid',
  'config.fallback': '{problem}: since {since} the gate uses the last good settings; checks go on. A manager should fix the file or save the settings again on the Devices tab',
};
