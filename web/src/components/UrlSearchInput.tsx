import { TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';

interface Props {
  label: string;
  placeholder: string;
  /** The query-string key the text is kept under, so a link reproduces the search. */
  param?: string;
  'data-testid'?: string;
}

/** A free-text search box whose (debounced) value lives in the URL. */
export function UrlSearchInput({ label, placeholder, param = 'q', ...rest }: Props) {
  const [params, setParams] = useSearchParams();
  const inUrl = params.get(param) ?? '';
  const [text, setText] = useState(inUrl);
  // What this box last wrote, to tell our own URL updates from navigation (back, a nav link).
  const written = useRef(inUrl);

  const write = useDebouncedCallback((value: string) => {
    const trimmed = value.trim();
    written.current = trimmed;
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (trimmed) next.set(param, trimmed);
        else next.delete(param);
        return next;
      },
      // Typing should not fill the back button with one entry per pause.
      { replace: true },
    );
  }, 300);

  useEffect(() => {
    if (inUrl !== written.current) {
      write.cancel();
      written.current = inUrl;
      setText(inUrl);
    }
  }, [inUrl, write]);

  return (
    <TextInput
      type="search"
      label={label}
      placeholder={placeholder}
      value={text}
      onChange={(e) => {
        setText(e.currentTarget.value);
        write(e.currentTarget.value);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter') write.flush();
      }}
      w={320}
      data-testid={rest['data-testid']}
    />
  );
}
