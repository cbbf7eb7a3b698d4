import { describe, expect, it } from 'vitest';
import { browserId, sourceOf } from './source';

describe('sourceOf', () => {
  it('reads an invitation token', () => {
    expect(sourceOf('/s/abc_DEF-1', '')).toEqual({ token: 'abc_DEF-1' });
  });
  it('reads a reusable link with its channel, page and language', () => {
    expect(sourceOf('/f/link123', '?channel=widget&embed=1&lang=en-US&page=https%3A%2F%2Fshop.example.cn%2Fa%3Fb%3D1')).toEqual({
      link: 'link123', channel: 'widget', page: 'https://shop.example.cn/a?b=1', embed: true, lang: 'en',
    });
  });
  it('takes an unknown channel as the plain link', () => {
    expect(sourceOf('/f/link123', '?channel=fax')).toMatchObject({ channel: 'link', embed: false, lang: undefined });
  });
});

describe('browserId', () => {
  it('is kept between answers', () => {
    localStorage.clear();
    const first = browserId();
    expect(first).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(browserId()).toBe(first);
  });
});
