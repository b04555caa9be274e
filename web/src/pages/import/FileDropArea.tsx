import { Button, Paper, Stack, Text } from '@mantine/core';
import { type DragEvent, useRef, useState } from 'react';

interface Props {
  /** The chosen file's name, shown once there is one. */
  fileName: string | null;
  disabled?: boolean;
  onFile(file: File): void;
}

/** A file picker that also takes a CSV file dropped onto it. */
export function FileDropArea({ fileName, disabled = false, onFile }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);

  function onDragOver(e: DragEvent) {
    e.preventDefault();
    e.dataTransfer.dropEffect = disabled ? 'none' : 'copy';
    if (!disabled) setDragging(true);
  }

  function onDrop(e: DragEvent) {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file && !disabled) onFile(file);
  }

  return (
    <Paper
      withBorder
      p="xl"
      radius="md"
      onDragOver={onDragOver}
      onDragLeave={(e) => {
        // Moving onto a child (the button) is not leaving the area.
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
      }}
      onDrop={onDrop}
      data-testid="import-drop-area"
      data-dragging={dragging || undefined}
      style={{
        borderStyle: 'dashed',
        borderWidth: 2,
        borderColor: dragging ? 'var(--mantine-color-blue-6)' : undefined,
        backgroundColor: dragging ? 'var(--mantine-color-blue-light)' : undefined,
        transition: 'background-color 120ms, border-color 120ms',
      }}
    >
      <Stack align="center" gap="xs">
        <Text fw={500}>{dragging ? 'Drop the file to check it' : 'Drop a CSV file here'}</Text>
        <Text size="sm" c="dimmed">
          {fileName ? (
            <>
              Current file: <b data-testid="import-file-name">{fileName}</b>
            </>
          ) : (
            'It is checked with a dry run first; nothing is saved until you import it.'
          )}
        </Text>
        <Button variant="default" disabled={disabled} onClick={() => input.current?.click()}>
          {fileName ? 'Choose another file' : 'Choose a CSV file'}
        </Button>
        <input
          ref={input}
          type="file"
          accept=".csv,text/csv"
          hidden
          data-testid="import-file-input"
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            // Cleared so choosing the same file again (after editing it) is noticed.
            e.currentTarget.value = '';
            if (file) onFile(file);
          }}
        />
      </Stack>
    </Paper>
  );
}
