#!/usr/bin/env node
// bench/peers/wink.js: wink-nlp as a peer of `quarry extract` on the same JSONL corpus.
//
//   node bench/peers/wink.js FILE.jsonl [--show N]
//
// Every line of FILE.jsonl is a JSON object whose `text` is one article. Each article goes through
// wink-nlp's pipeline (tokens, sentence boundaries, part of speech, the lite model's named
// entities) and through custom-entity patterns for the figures quarry extracts: volumes
// ("22,130 vehicles"), changes ("up 75.9% year-on-year"), stakes ("a 41% stake"), outlets
// ("234 outlets"), targets ("deliver more than 350,000 vehicles"), shares of a total and money.
// Every match is read out (value and kind) and counted.
//
// Prints one JSON line on stdout at the end:
//   docs, bytes (of the input file read), text_bytes (UTF-8 bytes of the `text` fields),
//   seconds (wall time of the loop: read, parse, readDoc, custom entities; after the model is
//   loaded and the patterns learnt), cpu_seconds (user + system CPU time of the same loop),
//   mbps (bytes / 1e6 / seconds), cpu_mbps (bytes / 1e6 / cpu_seconds), docs_per_s,
//   load_seconds (require of wink-nlp and its model, learnCustomEntities), total_seconds
//   (load + loop), matches and by_kind (matches per pattern name), bad_lines (not JSON or no
//   string `text`, skipped).
// --show N prints the matches of the first N documents on stderr, to check the patterns.
// A missing or unreadable input exits 2 with one line on stderr.
'use strict';

const tStart = process.hrtime.bigint();
const fs = require('fs');
const readline = require('readline');

function die(msg) {
  process.stderr.write(`wink.js: ${msg}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  let file = null;
  let show = 0;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--show') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 0) die('--show needs a count of documents');
      show = n;
    } else if (a.startsWith('--show=')) {
      const n = Number(a.slice(7));
      if (!Number.isInteger(n) || n < 0) die('--show needs a count of documents');
      show = n;
    } else if (a === '-h' || a === '--help') {
      process.stdout.write('usage: node wink.js FILE.jsonl [--show N]\n');
      process.exit(0);
    } else if (file === null) {
      file = a;
    } else {
      die(`unexpected argument ${a} (usage: node wink.js FILE.jsonl [--show N])`);
    }
  }
  if (file === null) die('usage: node wink.js FILE.jsonl [--show N]');
  return { file, show };
}

const { file, show } = parseArgs(process.argv.slice(2));
try {
  if (!fs.statSync(file).isFile()) die(`${file}: not a regular file`);
  fs.accessSync(file, fs.constants.R_OK);
} catch (e) {
  die(`${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
}

let winkNLP, model;
try {
  winkNLP = require('wink-nlp');
  model = require('wink-eng-lite-web-model');
} catch (e) {
  die(`wink-nlp or its model is not installed (cd bench/peers && npm install): ${e.message}`);
}

// Only the annotations the patterns need: sentence boundaries, part of speech, named entities and
// custom entities. Negation and sentiment (wink's default pipe has them) are left out, which
// only makes the peer faster.
const nlp = winkNLP(model, ['sbd', 'pos', 'ner', 'cer']);
const its = nlp.its;

// Custom-entity patterns. Bracketed alternatives are separated by `|`; an empty alternative
// makes the element optional. CARDINAL, PERCENT, MONEY, DATE and DURATION stand for a whole
// entity of the lite model's NER ("22,130", "75.9%", "previous month", "year"); NOUN, ADJ, PROPN
// stand for a token's part of speech; anything else is a word (matched on its normal form).
// Every alternative is one token: in "year-on-year" both "year" are DURATION entities ("month"
// a DATE) and the hyphens and "on" are tokens of their own.
const UP = 'up|down|rose|fell|grew|declined|dropped|increased|decreased|jumped|surged|slipped|plunged|climbed';
const UNITS = 'vehicles|vehicle|units|unit|cars|car|deliveries|EVs|NEVs';
const OUTLETS = 'outlets|stores|showrooms|dealerships|dealers|shops|centres|centers|points';
const PATTERNS = [
  {
    name: 'change',
    patterns: [
      `[${UP}] [PERCENT] [DURATION|DATE] [-] [on] [-] [DURATION|DATE]`,
      `[${UP}] [PERCENT] [yoy|annually]`,
      `[${UP}] [PERCENT] [from|than] [a] [DURATION|DATE] [earlier|ago|before]`,
      `[${UP}] [PERCENT] [from|on|over] [the] [DATE|DURATION]`,
      `[${UP}] [by] [PERCENT]`,
    ],
  },
  {
    name: 'target',
    patterns: [
      `[deliver|sell|produce|build|ship] [more|over|at] [than|least] [CARDINAL] [${UNITS}]`,
      `[deliver|sell|produce|build|ship] [CARDINAL] [${UNITS}]`,
      `[target|goal] [of] [|more] [|than] [CARDINAL] [${UNITS}]`,
    ],
  },
  {
    name: 'volume',
    patterns: [
      `[CARDINAL] [|ADJ|NOUN|PROPN] [${UNITS}]`,
      `[total] [of] [CARDINAL] [${UNITS}]`,
    ],
  },
  {
    name: 'stake',
    patterns: [
      '[PERCENT] [|ADJ|controlling|minority|majority] [stake|holding|interest]',
      '[PERCENT] [of] [|its|the] [shares|equity]',
    ],
  },
  {
    name: 'outlets',
    patterns: [
      `[CARDINAL] [|new|ADJ] [${OUTLETS}]`,
      `[CARDINAL] [sales|service|retail] [${OUTLETS}]`,
    ],
  },
  {
    name: 'share',
    patterns: [
      '[PERCENT] [of] [the|its] [total|market|sales|deliveries]',
      '[PERCENT] [market] [share]',
    ],
  },
  {
    name: 'money',
    patterns: [
      '[MONEY]',
      '[CARDINAL] [yuan|dollars|euros|RMB|USD|CNY|EUR]',
    ],
  },
];
try {
  nlp.learnCustomEntities(PATTERNS);
} catch (e) {
  die(`patterns: ${e.message}`);
}
const tLoaded = process.hrtime.bigint();

async function main() {
  const stream = fs.createReadStream(file);
  stream.on('error', (e) => die(`${file}: ${e.message}`));
  const lines = readline.createInterface({ input: stream, crlfDelay: Infinity });

  let docs = 0;
  let textBytes = 0;
  let matches = 0;
  let badLines = 0;
  const byKind = Object.create(null);
  for (const p of PATTERNS) byKind[p.name] = 0;

  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for await (const line of lines) {
    if (line.length === 0) continue;
    let text;
    try {
      const d = JSON.parse(line);
      text = d && d.text;
    } catch (e) {
      text = undefined;
    }
    if (typeof text !== 'string') {
      badLines++;
      continue;
    }
    textBytes += Buffer.byteLength(text, 'utf8');
    const doc = nlp.readDoc(text);
    const found = doc.customEntities().out(its.detail);
    for (const m of found) byKind[m.type]++;
    matches += found.length;
    if (docs < show) {
      let id = '';
      try { id = JSON.parse(line).id || ''; } catch (e) { /* shown as '' */ }
      process.stderr.write(`doc ${docs} ${id}: ${doc.sentences().length()} sentences, ` +
        `${doc.tokens().length()} tokens, ${doc.entities().length()} entities, ${found.length} matches\n`);
      for (const m of found) process.stderr.write(`  ${m.type}: ${m.value}\n`);
    }
    docs++;
  }
  const t1 = process.hrtime.bigint();
  const cpu = process.cpuUsage(cpu0);

  const seconds = Number(t1 - t0) / 1e9;
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const bytes = stream.bytesRead;
  const round = (x, k) => Number(x.toFixed(k));
  const out = {
    peer: 'wink-nlp',
    wink_nlp: require('wink-nlp/package.json').version,
    model: require('wink-eng-lite-web-model/package.json').version,
    docs,
    bytes,
    text_bytes: textBytes,
    seconds: round(seconds, 4),
    cpu_seconds: round(cpuSeconds, 4),
    mbps: round(bytes / 1e6 / seconds, 4),
    cpu_mbps: round(bytes / 1e6 / cpuSeconds, 4),
    docs_per_s: round(docs / seconds, 2),
    load_seconds: round(Number(tLoaded - tStart) / 1e9, 4),
    total_seconds: round(Number(t1 - tStart) / 1e9, 4),
    matches,
    by_kind: byKind,
    bad_lines: badLines,
  };
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((e) => die(e && e.message ? e.message : String(e)));
