#!/usr/bin/env python3
"""Writes the charset fixtures of tests/text/charset_test.cc (run once at authoring time; the
outputs are committed). Each fixture is NAME.in (raw bytes) and NAME.utf8 (the expected decoded
UTF-8, from Python's codecs, which for these texts agree with the WHATWG decoders), listed in
manifest.tsv with: file, type (text|html), declared charset hint (or -), expected charset (ICU
name), expected source (bom|http|meta|default|detected), and a probe (escaped) that the
normalized text must contain."""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
rows = []


def fixture(name, kind, hint, charset, source, raw, expected, probe):
    with open(os.path.join(HERE, name + '.in'), 'wb') as f:
        f.write(raw)
    with open(os.path.join(HERE, name + '.utf8'), 'wb') as f:
        f.write(expected.encode('utf-8'))
    esc = ''.join(c if ord(c) < 0x80 else ('\\u%04X' % ord(c) if ord(c) < 0x10000 else '\\U%08X' % ord(c))
                  for c in probe)
    rows.append('\t'.join([name, kind, hint or '-', charset, source, esc]))


def html(charset_decl, body, pad=0):
    head = '<html><head>'
    if pad:
        head += '<style>/*' + 'x' * pad + '*/</style>'
    if charset_decl:
        head += charset_decl
    return head + '<title>t</title></head><body><p>' + body + '</p></body></html>'


en_1252 = '\u201cAITO delivered 81,864 units\u201d \u2013 worth \u20ac5.5bn, the brand\u2019s best \u2014 caf\u00e9 na\u00efve.'
fixture('win1252_euro_quotes', 'text', 'windows-1252', 'windows-1252', 'http', en_1252.encode('cp1252'), en_1252, '\u20ac5.5bn')
doc = html('<meta charset="iso-8859-1">', en_1252)
fixture('latin1_label_1252_bytes', 'html', None, 'windows-1252', 'meta', doc.encode('cp1252'), doc, "brand's")
doc = html('<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">', 'Stra\u00dfe \u00a9 2025 \u2122 \u2026')
fixture('http_equiv_latin1', 'html', None, 'windows-1252', 'meta', doc.encode('cp1252'), doc, 'Stra\u00dfe')
fixture('us_ascii_label', 'text', 'us-ascii', 'windows-1252', 'http', 'Price \u20ac199 \u2013 ok'.encode('cp1252'), 'Price \u20ac199 \u2013 ok', '\u20ac199')
zh = '\u96f6\u8dd1\u6c7d\u8f6611\u6708\u4ea4\u4ed870,327\u8f86\uff0c\u540c\u6bd4\u589e\u957f75%\u3002'
doc = html('<meta charset="gbk">', zh)
fixture('gbk_meta', 'html', None, 'gb18030', 'meta', doc.encode('gbk'), doc, '\u4ea4\u4ed8')
zh_gbk_only = '\u8d5f\u9555\u548c\u6c7d\u8f66\uff08\u7e41\u9ad4\u5b57\uff09\u4ea4\u4ed8'  # 赟镕 are outside GB2312
doc = html('<meta charset="gb2312">', zh_gbk_only)
fixture('gb2312_label_gbk_bytes', 'html', None, 'gb18030', 'meta', doc.encode('gbk'), doc, '\u8d5f')
four = '\u95ee\u754c\U0001F697 \u00a0\u20ac \u00ff \u0e01 \U00020000 \u4ea4\u4ed8'  # 4-byte: U+1F697 U+00A0 U+00FF U+0E01 U+20000
fixture('gb18030_four_byte', 'text', 'GB18030', 'gb18030', 'http', four.encode('gb18030'), four, '\U0001F697')
big5 = '\u851a\u4f86\u6c7d\u8eca11\u6708\u4ea4\u4ed836,275\u8f1b\u3002'
doc = html('<meta charset="big5">', big5)
# The probe is Simplified: the normalizer reads Traditional as Simplified (Note [Hans fold]).
fixture('big5_meta', 'html', None, 'Big5-HKSCS', 'meta', doc.encode('big5'), doc, '\u851a\u6765')
sj = '\u65e5\u7523\u81ea\u52d5\u8eca\u306e\u8ca9\u58f2\u53f0\u6570\u306f\uff18\u4e07\u53f0\u3067\u3059\u3002'
fixture('shift_jis_http', 'text', 'Shift_JIS', 'windows-31j', 'http', sj.encode('cp932'), sj, '8\u4e07')
eucjp = '\u30c8\u30e8\u30bf\u306e\u58f2\u4e0a\u306f\u5897\u52a0\u3057\u305f\u3002'
doc = html('<meta charset="euc-jp">', eucjp)
fixture('euc_jp_meta', 'html', None, 'EUC-JP', 'meta', doc.encode('euc_jp'), doc, '\u30c8\u30e8\u30bf')
ko = '\ud604\ub300\uc790\ub3d9\ucc28 \ud310\ub9e4\ub7c9 12% \uc99d\uac00'
doc = html('<meta charset="euc-kr">', ko)
fixture('euc_kr_meta', 'html', None, 'windows-949', 'meta', doc.encode('cp949'), doc, '\ud604\ub300')
u16 = 'BYD sold 300,000 EVs \u2013 \u6bd4\u4e9a\u8fea\U0001F697.'
fixture('utf16le_bom', 'text', None, 'UTF-16LE', 'bom', b'\xff\xfe' + u16.encode('utf-16-le'), u16, '\u6bd4\u4e9a\u8fea')
fixture('utf16be_bom', 'text', None, 'UTF-16BE', 'bom', b'\xfe\xff' + u16.encode('utf-16-be'), u16, '300,000')
doc = html('<meta charset="windows-1252">', 'caf\u00e9 \u20ac5 \u4ea4\u4ed8')
fixture('bom_contradicts_meta', 'html', None, 'UTF-8', 'bom', b'\xef\xbb\xbf' + doc.encode('utf-8'), '\ufeff' + doc, 'caf\u00e9')
doc = html('<meta charset="gbk">', zh, pad=1500)
fixture('meta_after_1024_bytes', 'html', None, 'gb18030', 'meta', doc.encode('gbk'), doc, '\u96f6\u8dd1')
ru = '\u041f\u0440\u043e\u0434\u0430\u0436\u0438 \u0432\u044b\u0440\u043e\u0441\u043b\u0438 \u043d\u0430 12%.'
doc = html('<meta http-equiv="content-type" content="text/html;charset=windows-1251">', ru)
fixture('win1251_http_equiv', 'html', None, 'windows-1251', 'meta', doc.encode('cp1251'), doc, '\u041f\u0440\u043e\u0434\u0430\u0436\u0438')
bad = b'Sales \xe2\x82 rose \xff\xfe to 81\xc2\xa0864 \xed\xa0\x80 units \xf0\x9f\x9a\x97'
fixture('utf8_invalid_bytes', 'text', 'utf-8', 'UTF-8', 'http', bad, bad.decode('utf-8', 'replace'), '81,864')
fr = ('Les ventes de v\u00e9hicules \u00e9lectriques ont progress\u00e9 de 12 % en novembre, '
      'd\u00e9passant les pr\u00e9visions. Le pr\u00e9sident a d\u00e9clar\u00e9 que la soci\u00e9t\u00e9 '
      'pr\u00e9voit une ann\u00e9e record, malgr\u00e9 la concurrence accrue et les difficult\u00e9s '
      '\u00e9conomiques en Europe. Les \u00e9quipes ont c\u00e9l\u00e9br\u00e9 ce succ\u00e8s \u00e0 Paris.')
fixture('undeclared_latin', 'text', None, 'windows-1252', 'detected', fr.encode('cp1252'), fr, 'v\u00e9hicules')
fixture('undeclared_utf8', 'text', None, 'UTF-8', 'default', fr.encode('utf-8'), fr, 'v\u00e9hicules')
zh_long = zh * 6 + '\u6bd4\u4e9a\u8fea\u9500\u91cf\u7a81\u7834\u4e00\u767e\u4e07\u8f86\uff0c\u521b\u4e0b\u5386\u53f2\u65b0\u9ad8\u3002' * 4
fixture('undeclared_gb18030', 'text', None, 'gb18030', 'detected', zh_long.encode('gb18030'), zh_long, '\u6bd4\u4e9a\u8fea')
with open(os.path.join(HERE, 'manifest.tsv'), 'w') as f:
    f.write('# file\ttype\thint\tcharset\tsource\tprobe (see make_fixtures.py)\n')
    f.write('\n'.join(rows) + '\n')
print(len(rows), 'fixtures')
