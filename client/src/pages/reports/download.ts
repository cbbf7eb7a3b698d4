import { ApiError, type Problem } from '../../api/client';
import { fileNameFrom, queryString } from './query';

/**
 * Downloads a report as CSV: the same URL the page reads, asked with Accept: text/csv. The API writes UTF-8 with a BOM,
 * so the blob is saved byte for byte and Excel opens the Chinese text.
 */
export async function downloadCsv(path: string, query: Record<string, string | number | undefined>, fallbackName: string): Promise<string> {
  const response = await fetch(path + queryString(query), { credentials: 'same-origin', headers: { Accept: 'text/csv' } });
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as Problem;
    throw new ApiError(response.status, problem);
  }
  const name = fileNameFrom(response.headers.get('content-disposition'), fallbackName);
  const blob = await response.blob();
  const href = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = href;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 1000);
  return name;
}
