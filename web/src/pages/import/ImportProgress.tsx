import { Progress, Stack, Text } from '@mantine/core';
import type { UploadState } from './use-import-run';

interface Props {
  dryRun: boolean;
  fileName: string;
  upload: UploadState;
}

/** The file going up (measured), then the server working on it (open-ended). */
export function ImportProgress({ dryRun, fileName, upload }: Props) {
  const processing = upload.phase === 'processing';
  const percent =
    processing || upload.total === null || upload.total === 0
      ? 100
      : Math.round((upload.sent / upload.total) * 100);
  const label = processing
    ? dryRun
      ? `Checking the rows of ${fileName}…`
      : `Importing the rows of ${fileName}…`
    : `Sending ${fileName}…${upload.total === null ? '' : ` ${percent}%`}`;

  return (
    <Stack gap={6} data-testid="import-progress" data-phase={upload.phase}>
      <Text size="sm">{label}</Text>
      <Progress
        value={percent}
        striped={processing || upload.total === null}
        animated={processing || upload.total === null}
        aria-label={label}
      />
    </Stack>
  );
}
