import { describe, expect, it } from 'vitest';
import { bodyOf, empty, missing } from './form';

describe('the web form', () => {
  it('asks for name, subject, description and one way to answer', () => {
    expect(missing(empty)).toEqual(['name', 'subject', 'description', 'contact']);
    expect(missing({ ...empty, name: ' 王 ', subject: 's', description: 'd', phone: '138' })).toEqual([]);
    expect(missing({ ...empty, name: 'n', subject: ' ', description: 'd', email: 'a@b.cn' })).toEqual(['subject']);
  });

  it('leaves blank optional fields out of the body and trims the rest', () => {
    const body = bodyOf({ ...empty, name: ' 王芳 ', email: ' wf@example.cn ', subject: ' 空调不制冷 ', description: '昨天开始' }, 'zh-CN', 'https://shop.example.cn/help');
    expect(body).toEqual({
      name: '王芳', email: 'wf@example.cn', phone: undefined, subject: '空调不制冷', description: '昨天开始', language: 'zh-CN',
      website: undefined, page: 'https://shop.example.cn/help',
    });
  });
});
