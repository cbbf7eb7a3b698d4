// Texts of a ticket's attachments: the list and the upload area on the ticket page.
export const zh = {
  'attachments.title': '附件',
  'attachments.drop': '把文件拖到这里，或点击选择文件',
  'attachments.hint': '可一次上传多个文件（例如维修照片）。单个文件和每张工单的附件总量都有上限，超出时会说明是哪个文件。文件类型按内容识别，下载时一律以文件形式提供。',
  'attachments.uploaded': '已上传 {name}',
  'attachments.failed': '{name} 没有上传：{reason}',
  'attachments.name': '文件名',
  'attachments.size': '大小',
  'attachments.by': '上传人',
  'attachments.at': '上传时间',
  'attachments.download': '下载 {name}',
  'attachments.fromMerged': '来自 {number}',
  'attachments.none': '还没有附件',
};

export const en: Record<keyof typeof zh, string> = {
  'attachments.title': 'Attachments',
  'attachments.drop': 'Drop files here, or click to choose files',
  'attachments.hint': 'Several files at once (repair photos, for example). Each file and each ticket\'s files together have a size limit; a file over it is named. The type is read from the content, and downloads always arrive as files.',
  'attachments.uploaded': '{name} uploaded',
  'attachments.failed': '{name} was not uploaded: {reason}',
  'attachments.name': 'File',
  'attachments.size': 'Size',
  'attachments.by': 'Uploaded by',
  'attachments.at': 'Uploaded',
  'attachments.download': 'Download {name}',
  'attachments.fromMerged': 'From {number}',
  'attachments.none': 'No attachments yet',
};
