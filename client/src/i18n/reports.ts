// Texts of the reports area. Every key in both languages (the i18n test checks it).
export const zh = {
};

export const en: Record<keyof typeof zh, string> = {
};
