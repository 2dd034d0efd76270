/**
 * Why a roster or schedule file was refused (issue 8 file fuzz): one sentence per RosterFileReason,
 * shown instead of the core's English detail. Spread into the zh-CN and en catalogues.
 */
export const fileImportZhCN = {
  'fileImport.reason.unsupported_extension': '只能导入 .csv 或 .xlsx 文件',
  'fileImport.reason.empty': '文件是空的',
  'fileImport.reason.no_header': '没有找到表头行，请确认第一行是列名',
  'fileImport.reason.missing_columns': '缺少必需的列：{columns}',
  'fileImport.reason.no_data': '只有表头，没有数据行',
  'fileImport.reason.corrupt': '文件已损坏，或不是 Excel/CSV 文件，请重新导出后再试',
  'fileImport.reason.too_many_rows': '行数超过上限（10 万行）',
  'fileImport.reason.too_many_columns': '列数超过上限（64 列）',
  'fileImport.reason.too_large': '文件过大或解压后过大，为保护本机已拒绝；请删除多余的工作表、合并单元格或数据验证后重新保存',
};

export const fileImportEn: Record<keyof typeof fileImportZhCN, string> = {
  'fileImport.reason.unsupported_extension': 'Only .csv or .xlsx files can be imported',
  'fileImport.reason.empty': 'The file is empty',
  'fileImport.reason.no_header': 'No header row found; the first row must name the columns',
  'fileImport.reason.missing_columns': 'Required columns missing: {columns}',
  'fileImport.reason.no_data': 'The file has a header row but no data rows',
  'fileImport.reason.corrupt': 'The file is damaged or is not an Excel/CSV file; export it again and retry',
  'fileImport.reason.too_many_rows': 'More rows than the limit (100,000)',
  'fileImport.reason.too_many_columns': 'More columns than the limit (64)',
  'fileImport.reason.too_large':
    'The file is too large, or expands too far, and was refused to protect this computer; remove extra sheets, merged cells or data validation and save it again',
};
