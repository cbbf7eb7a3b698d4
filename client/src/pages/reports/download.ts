import { ApiError } from '../../api/client';
import { fileNameFrom } from './query';

/** A typed API request asked with Accept: text/csv and read as a blob (see the report pages). */
export type CsvRequest = () => Promise<{ data?: Blob; error?: unknown; response: Response }>;

/** The options that turn a report's GET into its CSV: same URL, Accept: text/csv, the body kept as bytes. */
export const asCsv = { headers: { Accept: 'text/csv' }, parseAs: 'blob' as const };

/**
 * Downloads a report as CSV: the same URL the page reads, through the typed client (so a 401 still returns to login).
 * The API writes UTF-8 with a BOM and the blob is saved byte for byte, so Excel opens the Chinese text.
 */
export async function downloadCsv(request: CsvRequest, fallbackName: string): Promise<string> {
  const { data, error, response } = await request();
  if (!response.ok || !data) throw new ApiError(response.status, error ?? {});
  const name = fileNameFrom(response.headers.get('content-disposition'), fallbackName);
  const href = URL.createObjectURL(data);
  const link = document.createElement('a');
  link.href = href;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 1000);
  return name;
}
