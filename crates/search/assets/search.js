/* search.js — the search runtime: loads the index files the build exported under
   search/ (manifest, term dictionaries t/*, large postings p/*, document shards d/* with
   titles and text, facet shards f/*, fold) and ranks documents exactly as `notesite search`
   does (query.rs `search_with`): each word's BM25 as tantivy's term scorers compute it,
   summed over the words a section holds and multiplied by a power of the share of the
   query's words it holds (f32 arithmetic, same fields, boosts, expansions and sum order). Every ranking constant (BM25 k1 and b, field boosts, expansion
   rules) comes from the manifest's `ranking` (RANKING in src/search/query.rs); none is
   written here. tests/search_parity.rs runs this file under node against the Rust ranking.
   Files are classic scripts that call NotesiteSearch.add(name, data); they are loaded
   by inserting <script> tags, which works from file://, on GitHub Pages and in the dev
   server alike (fetch does not work from file://). No network besides those files.
   Most files hold a packed string (seven-bit text of raw deflate of a JSON part and a binary
   part, see src/search/pack.rs), inflated by the browser's DecompressionStream.
   Only name added to window: `NotesiteSearch` (configure, preload, search, docs,
   facets, snippets, analyze, tokens, matchedTerms, add). It stems words with
   `NotesiteStem.stem`, from stemmer.js, which the built site's assets/search.js carries in
   front of this file (BROWSER_RUNTIME). The UI lives in search-ui.js and search-page.js. */
(function () {
  "use strict";

  var fround = Math.fround;
  var MAX_TOKEN_BYTES = 40;
  /* A word: alphanumeric characters and the combining marks after them, composed (NFC)
     when it holds one (fold.rs WordTokenizer): "cafe\u0301" is "café". */
  var TOKEN = /[\p{Alphabetic}\p{N}][\p{Alphabetic}\p{N}\p{M}]*/gu;
  var MARK = /\p{M}/u;
  var NON_ASCII = /[^\x00-\x7f]/;

  /* ---------------------------------------------------------------- */
  /* Loading: one <script> per file, one promise per name              */
  /* ---------------------------------------------------------------- */

  /* …/assets/search.js → …/search/ (the script's own src, resolved). */
  function baseFromScript() {
    var script = document.currentScript;
    var src = script && script.src;
    if (!src) return "search/";
    return src.replace(/[?#].*$/, "").replace(/[^/]*\/[^/]*$/, "") + "search/";
  }

  var config = { base: typeof document !== "undefined" ? baseFromScript() : "search/", loader: null };
  var files = {}; /* name → data */
  var waiting = {}; /* name → { promise, resolve, reject } */
  var prepared = {}; /* name → derived structure (manifest, shards) */

  function add(name, data) {
    files[name] = data;
    var w = waiting[name];
    if (w) w.resolve(data);
  }

  function insertScript(url, name) {
    var script = document.createElement("script");
    script.src = url;
    script.async = true;
    script.onload = function () {
      script.remove();
      if (!(name in files)) fail(name, new Error("notesite search: " + url + " did not register " + name));
    };
    script.onerror = function () {
      script.remove();
      fail(name, new Error("notesite search: could not load " + url));
    };
    (document.head || document.documentElement).appendChild(script);
  }

  function fail(name, error) {
    var w = waiting[name];
    delete waiting[name]; /* a later call may try again */
    if (w) w.reject(error);
  }

  function load(name) {
    if (name in files) return Promise.resolve(files[name]);
    if (waiting[name]) return waiting[name].promise;
    var w = {};
    w.promise = new Promise(function (resolve, reject) {
      w.resolve = resolve;
      w.reject = reject;
    });
    waiting[name] = w;
    var url = config.base + name + ".js";
    if (config.loader) {
      Promise.resolve(config.loader(url, name)).then(function () {
        if (!(name in files)) fail(name, new Error("notesite search: " + url + " did not register " + name));
      }, function (error) {
        fail(name, error);
      });
    } else {
      insertScript(url, name);
    }
    return w.promise;
  }

  /* A loaded file turned into the structure queries use (prepare may return a promise),
     built once. */
  function loadPrepared(name, prepare) {
    if (!prepared[name]) {
      prepared[name] = load(name).then(prepare);
      prepared[name].catch(function () {
        delete prepared[name]; /* a later call may try again */
      });
    }
    return prepared[name];
  }

  /* Seven-bit values that cannot stand for themselves in the string (pack.rs ESCAPED). */
  var ESCAPED = [0, 10, 13, 34, 92];

  /* Bytes of seven-bit text (pack.rs to_text): a digit (bytes to drop at the end), then a
     group of 7 bits per character below 0x80; a character from 0x80 holds an escaped group
     ((c - 0x80) >> 7 indexes ESCAPED) and the group after it ((c - 0x80) & 127). */
  function fromText(text) {
    var out = new Uint8Array(Math.floor(((text.length - 1) * 2 * 7) / 8) + 1);
    var o = 0;
    var acc = 0;
    var bits = 0;
    for (var at = 1; at < text.length; at++) {
      var c = text.charCodeAt(at);
      if (c >= 128) {
        acc = ((acc << 7) | ESCAPED[(c - 128) >> 7]) & 0x7fff;
        bits += 7;
        if (bits >= 8) out[o++] = (acc >> (bits -= 8)) & 255;
        c = (c - 128) & 127;
      }
      acc = ((acc << 7) | c) & 0x7fff;
      bits += 7;
      if (bits >= 8) out[o++] = (acc >> (bits -= 8)) & 255;
    }
    return out.subarray(0, o - (text.charCodeAt(0) - 48));
  }

  /* A packed file's data → { json, bytes }: text → raw inflate → 4-byte little-endian
     JSON length, the JSON, then binary data. */
  function unpack(packed) {
    var deflated = fromText(packed);
    var stream = new Blob([deflated]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
    return new Response(stream).arrayBuffer().then(function (buffer) {
      var all = new Uint8Array(buffer);
      var length = (all[0] | (all[1] << 8) | (all[2] << 16) | (all[3] << 24)) >>> 0;
      var json = length ? JSON.parse(new TextDecoder().decode(all.subarray(4, 4 + length))) : null;
      return { json: json, bytes: all.subarray(4 + length) };
    });
  }

  function loadPacked(name) {
    return loadPrepared(name, unpack);
  }

  /* options.base: where the search files are (ends with "/"; relative URLs resolve
     against the page). options.loader(url, name): custom loader (tests), must make the
     file call NotesiteSearch.add. Changing either forgets what was loaded. */
  function configure(options) {
    options = options || {};
    var base = options.base;
    if (base != null && base !== "" && !/\/$/.test(base)) base += "/";
    var changed = (base != null && base !== config.base) || ("loader" in options && options.loader !== config.loader);
    if (base != null) config.base = base;
    if ("loader" in options) config.loader = options.loader || null;
    if (changed) {
      files = {};
      waiting = {};
      prepared = {};
      expansionCache = {};
    }
    return { base: config.base };
  }

  /* ---------------------------------------------------------------- */
  /* Analyzer: SimpleTokenizer → RemoveLongFilter(40) → LowerCaser →   */
  /* AsciiFoldingFilter → stemmer, with offsets (UTF-16 indices)       */
  /* ---------------------------------------------------------------- */

  function utf8Length(token) {
    var bytes = 0;
    for (var i = 0; i < token.length; i++) {
      var c = token.charCodeAt(i);
      if (c < 0x80) bytes += 1;
      else if (c < 0x800) bytes += 2;
      else if (c >= 0xd800 && c < 0xdc00) {
        bytes += 4;
        i++;
      } else bytes += 3;
    }
    return bytes;
  }

  function lowerCase(token) {
    if (!NON_ASCII.test(token)) return token.toLowerCase();
    var out = "";
    for (var ch of token) out += ch.toLowerCase(); /* per code point: no final sigma */
    return out;
  }

  function foldToken(token, fold) {
    if (!NON_ASCII.test(token)) return token;
    var out = "";
    for (var ch of token) {
      var to = fold && Object.prototype.hasOwnProperty.call(fold, ch) ? fold[ch] : null;
      out += to == null ? ch : to;
    }
    return out;
  }

  /* The English stem of a folded word: stemmer.js, shipped in front of this file. */
  function stem(word) {
    return window.NotesiteStem.stem(word);
  }

  /* Tokens of `text`: [{ term, start, end }] (term stemmed; start/end index the original text).
     `fold` is the folding table, or null when the caller knows it is not needed. */
  function tokenize(text, fold) {
    var tokens = [];
    var match;
    TOKEN.lastIndex = 0;
    while ((match = TOKEN.exec(text))) {
      var raw = match[0];
      if (MARK.test(raw)) raw = raw.normalize("NFC");
      if (utf8Length(raw) >= MAX_TOKEN_BYTES) continue;
      tokens.push({ term: stem(foldToken(lowerCase(raw), fold)), start: match.index, end: match.index + raw.length });
    }
    return tokens;
  }

  function needsFold(text) {
    if (!NON_ASCII.test(text)) return false;
    var match;
    TOKEN.lastIndex = 0;
    while ((match = TOKEN.exec(text))) {
      if (NON_ASCII.test(match[0]) && NON_ASCII.test(lowerCase(match[0]))) return true;
    }
    return false;
  }

  /* The folding table, loaded only for text with non-ASCII words. */
  function foldFor(text) {
    if (!needsFold(text)) return Promise.resolve(null);
    return load("fold").then(function (data) {
      return data.fold;
    });
  }

  /* Analysed terms of a text, as the index analysed its fields. */
  function analyze(text) {
    text = String(text == null ? "" : text);
    return foldFor(text).then(function (fold) {
      return tokenize(text, fold).map(function (t) {
        return t.term;
      });
    });
  }

  /* tokens(text or [texts]) → [{ term, start, end }] (or one list per text): the analysed
     words with their place in the text, for highlighting. */
  function tokens(texts) {
    var many = Array.isArray(texts);
    var list = (many ? texts : [texts]).map(function (t) {
      return String(t == null ? "" : t);
    });
    return foldFor(list.join("\n")).then(function (fold) {
      var out = list.map(function (t) {
        return tokenize(t, fold);
      });
      return many ? out : out[0];
    });
  }

  /* ---------------------------------------------------------------- */
  /* Index structures                                                  */
  /* ---------------------------------------------------------------- */

  /* Fieldnorm id → number of tokens (tantivy's fieldnorm code). */
  function fieldnormValue(id) {
    if (id < 24) return id;
    var x = id - 24;
    var hi = x >> 3;
    return 24 + (hi === 0 ? x & 7 : ((x & 7) | 8) << (hi - 1));
  }

  function prepareManifest(m) {
    var docs = m.docs;
    var n = fround(docs);
    var ranking = m.ranking;
    var k1 = fround(ranking.k1);
    var b = fround(ranking.b);
    var oneMinusB = fround(1 - b);
    var boosts = {};
    ranking.fields.forEach(function (f) {
      boosts[f[0]] = fround(f[1]);
    });
    var fields = m.fields.map(function (f) {
      var avg = fround(fround(f.tokens) / n);
      var norm = new Float64Array(256);
      for (var id = 0; id < 256; id++) {
        var scaled = fround(fround(b * fieldnormValue(id)) / avg);
        norm[id] = fround(k1 * fround(oneMinusB + scaled));
      }
      if (!(f.name in boosts)) throw new Error("notesite search: the manifest's ranking has no boost for field " + f.name);
      return { name: f.name, boost: boosts[f.name], norm: norm };
    });
    /* Dictionary key → file stem: the hex of the first key of the key's group. */
    var stems = {};
    m.dicts.forEach(function (group) {
      var hex = "";
      new TextEncoder().encode(group[0]).forEach(function (b) {
        hex += (b < 16 ? "0" : "") + b.toString(16);
      });
      group.forEach(function (key) {
        stems[key] = hex;
      });
    });
    var split = {};
    m.split.forEach(function (c) {
      split[c] = true;
    });
    var x = ranking.expansion;
    /* The pair field (pairs.rs): its BM25 length norms, and how many w/ buckets. */
    var pairs = m.pairs || { tokens: 0, buckets: 0 };
    var pairAvg = fround(fround(pairs.tokens) / n);
    var pairNorm = new Float64Array(256);
    for (var pid = 0; pid < 256; pid++) {
      pairNorm[pid] = fround(k1 * fround(oneMinusB + fround(fround(b * fieldnormValue(pid)) / pairAvg)));
    }
    var body = -1;
    fields.forEach(function (f, i) {
      if (f.name === "body") body = i;
    });
    var stopStems = Object.create(null);
    ranking.stopWords.forEach(function (w) {
      stopStems[stem(w)] = true;
    });
    return {
      docs: docs,
      fields: fields,
      stopStems: stopStems,
      coordination: ranking.coordination,
      pairBoost: fround(ranking.pair),
      pairNorm: pairNorm,
      pairBuckets: pairs.buckets,
      body: body,
      stems: stems,
      split: split,
      docShard: m.docShard,
      facetShard: m.facetShard,
      pageShard: m.pageShard,
      sectionsPerPage: ranking.sectionsPerPage,
      onePlusK1: fround(1 + k1),
      expansion: {
        max: x.max,
        prefix: fround(x.prefix),
        fuzzy1: fround(x.fuzzy1),
        fuzzy2: fround(x.fuzzy2),
        minPrefix: x.minPrefix,
        oneEditFrom: x.oneEditFrom,
        twoEditsFrom: x.twoEditsFrom,
        knownDf: x.knownDf
      },
      scratch: null
    };
  }

  function manifest() {
    return loadPrepared("manifest", prepareManifest);
  }

  /* Term dictionary → { list: [entry], byTerm: { term: entry } }, entry = { term, order,
     df (all fields), fields: [[field, docFreq, where]], bytes: [per field, once loaded],
     postings: [] (decoded lazily) }. `where` is [start, end] in the dictionary's bytes, or
     [n, start, end] in those of p/<n>, loaded by loadPostings. */
  function prepareShard(packed) {
    return unpack(packed).then(function (data) {
      var list = [];
      var byTerm = Object.create(null);
      data.json.terms.forEach(function (row, order) {
        var df = 0;
        var bytes = [];
        row[1].forEach(function (f) {
          df += f[1];
          var where = f[2];
          bytes.push(where.length === 2 ? data.bytes.subarray(where[0], where[1]) : null);
        });
        var entry = { term: row[0], order: order, df: df, fields: row[1], bytes: bytes, postings: [] };
        list.push(entry);
        byTerm[row[0]] = entry;
      });
      return { list: list, byTerm: byTerm };
    });
  }

  /* Loads the postings files (p/<n>) the entries need; resolves when all are there. */
  function loadPostings(entries) {
    var pending = [];
    entries.forEach(function (entry) {
      entry.fields.forEach(function (f, slot) {
        var where = f[2];
        if (entry.bytes[slot] || where.length !== 3) return;
        pending.push(
          loadPacked("p/" + where[0]).then(function (file) {
            entry.bytes[slot] = file.bytes.subarray(where[1], where[2]);
          })
        );
      });
    });
    return Promise.all(pending);
  }

  function shardKey(word, split) {
    var first = word.codePointAt(0);
    var c1 = String.fromCodePoint(first);
    if (!split[c1] || word.length <= c1.length) return c1;
    return c1 + String.fromCodePoint(word.codePointAt(c1.length));
  }

  function termShard(m, word) {
    var stem = m.stems[shardKey(word, m.split)];
    if (stem == null) return Promise.resolve(null);
    return loadPrepared("t/" + stem, prepareShard);
  }

  /* FNV-1a (32 bits) of the UTF-8 bytes of a pair term, modulo `buckets` (pairs.rs `bucket`). */
  function pairBucket(term, buckets) {
    var hash = 0x811c9dc5;
    new TextEncoder().encode(term).forEach(function (byte) {
      hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
    });
    return hash % buckets;
  }

  /* Pair bucket w/<n> → { byTerm: { term: entry } }, entry = { term, df, where, bytes,
     postings } (`where` as in a term dictionary, null for a common pair; q/<n> holds a
     frequent pair's postings). */
  function preparePairs(packed) {
    return unpack(packed).then(function (data) {
      var byTerm = Object.create(null);
      data.json.pairs.forEach(function (row) {
        var where = row[2] || null; /* none for a common pair */
        byTerm[row[0]] = {
          term: row[0],
          df: row[1],
          where: where,
          bytes: where && where.length === 2 ? data.bytes.subarray(where[0], where[1]) : null,
          postings: null
        };
      });
      return { byTerm: byTerm };
    });
  }

  /* The entry of a pair term with its postings loaded, or null when no section has it. */
  function pairEntry(m, term) {
    if (!m.pairBuckets) return Promise.resolve(null);
    return loadPrepared("w/" + pairBucket(term, m.pairBuckets), preparePairs).then(function (bucket) {
      var entry = bucket.byTerm[term];
      if (!entry || entry.bytes || !entry.where) return entry || null;
      return loadPacked("q/" + entry.where[0]).then(function (file) {
        entry.bytes = file.bytes.subarray(entry.where[1], entry.where[2]);
        return entry;
      });
    });
  }

  function pairPostings(m, entry) {
    if (!entry.postings) entry.postings = decodePostings(entry.df, entry.bytes, m.docs);
    return entry.postings;
  }

  /* Postings of one (term, field) in an index of `docCount` documents, from bytes
     (Uint8Array) in the layout pack.rs Layout::of picks by the share of documents: under 1
     in 12, varint doc id deltas then varint term frequencies; up to 1 in 5, a varint
     delta * 4 + min(tf, 4) - 1 each, then tf - 4 of those coded 4; from 1 in 5, the first
     doc id, then 2 bits a document from it (0 absent, else min(tf, 3)), then tf - 3 of
     those coded 3. Then one fieldnorm id byte each. */
  function decodePostings(docFreq, bytes, docCount) {
    var docs = new Uint32Array(docFreq);
    var tfs = new Uint32Array(docFreq);
    var pos = 0;
    function varint() {
      var value = 0;
      var shift = 0;
      var b;
      do {
        b = bytes[pos++];
        value += (b & 0x7f) * Math.pow(2, shift);
        shift += 7;
      } while (b & 0x80);
      return value;
    }
    var doc = 0;
    var i;
    if (docFreq * 5 >= docCount) {
      doc = varint();
      /* Codes after the last posting are 0, so a byte is read whole. */
      for (i = 0; i < docFreq && pos < bytes.length; pos++, doc += 4) {
        var code = bytes[pos];
        if (!code) continue;
        if (code & 3) (docs[i] = doc), (tfs[i++] = code & 3);
        if (code & 12) (docs[i] = doc + 1), (tfs[i++] = (code >> 2) & 3);
        if (code & 48) (docs[i] = doc + 2), (tfs[i++] = (code >> 4) & 3);
        if (code & 192) (docs[i] = doc + 3), (tfs[i++] = code >> 6);
      }
      for (i = 0; i < docFreq; i++) if (tfs[i] === 3) tfs[i] += varint();
    } else if (docFreq * 12 >= docCount) {
      for (i = 0; i < docFreq; i++) {
        var value = varint();
        docs[i] = doc += Math.floor(value / 4);
        tfs[i] = (value % 4) + 1;
      }
      for (i = 0; i < docFreq; i++) if (tfs[i] === 4) tfs[i] += varint();
    } else {
      for (i = 0; i < docFreq; i++) docs[i] = doc += varint();
      for (i = 0; i < docFreq; i++) tfs[i] = varint();
    }
    return { docs: docs, tfs: tfs, norms: bytes.subarray(pos, pos + docFreq) };
  }

  /* Decoded postings of an entry's field slot (its bytes must be loaded: loadPostings). */
  function postings(entry, slot, docCount) {
    var p = entry.postings[slot];
    if (!p) p = entry.postings[slot] = decodePostings(entry.fields[slot][1], entry.bytes[slot], docCount);
    return p;
  }

  /* ---------------------------------------------------------------- */
  /* Expansion: exact, prefix (last word), typos within the shard      */
  /* ---------------------------------------------------------------- */

  /* Edits allowed for a word of `chars` code points (query.rs `max_distance`). */
  function maxDistance(chars, rules) {
    return chars >= rules.twoEditsFrom ? 2 : chars >= rules.oneEditFrom ? 1 : 0;
  }

  /* Optimal string alignment distance on code points, or -1 above `max`
     (same pruning as the Rust side). */
  function osaDistance(a, b, max) {
    a = Array.from(a);
    b = Array.from(b);
    if (Math.abs(a.length - b.length) > max) return -1;
    var width = b.length + 1;
    var rows = [new Array(width).fill(0), new Array(width).fill(0), new Array(width).fill(0)];
    /* Row 0 is the distance from the empty prefix, as in edit_distance (src/search/query.rs). */
    for (var j = 0; j < width; j++) rows[0][j] = j;
    for (var i = 1; i <= a.length; i++) {
      var cur = rows[i % 3];
      var prev = rows[(i + 2) % 3];
      var prev2 = rows[(i + 1) % 3];
      cur[0] = i;
      var rowMin = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var value = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, prev2[j - 2] + 1);
        cur[j] = value;
        if (value < rowMin) rowMin = value;
      }
      if (rowMin > max) return -1;
    }
    var distance = rows[a.length % 3][b.length];
    return distance <= max ? distance : -1;
  }

  var expansionCache = {};

  /* Whether one of a and b is the other with a final "s". */
  function pluralPair(a, b) {
    var short = a.length < b.length ? a : b;
    var long = a.length < b.length ? b : a;
    return long.length === short.length + 1 && long.charAt(long.length - 1) === "s" && long.startsWith(short);
  }

  /* [{ entry, boost }]: the exact term first, then at most `max` others by boost,
     doc frequency, then term (byte order = shard order). A word found as typed in at least
     `knownDf` postings is known: it is not corrected by typos, except to its form with or
     without a final "s" (query.rs `expand`). */
  function expand(m, shard, word, last) {
    var cacheKey = (last ? "1" : "0") + word;
    if (expansionCache[cacheKey]) return expansionCache[cacheKey];
    var rules = m.expansion;
    var chars = Array.from(word).length;
    var distance = maxDistance(chars, rules);
    var key = shardKey(word, m.split);
    var exact = null;
    var others = [];
    var list = shard ? shard.list : [];
    var typed = shard ? shard.byTerm[word] : null;
    var known = !!typed && typed.df >= rules.knownDf;
    for (var i = 0; i < list.length; i++) {
      var entry = list[i];
      var term = entry.term;
      if (term === word) {
        exact = { entry: entry, boost: 1 };
        continue;
      }
      if (shardKey(term, m.split) !== key) continue;
      var boost = 0;
      if (last && chars >= rules.minPrefix && term.startsWith(word)) boost = rules.prefix;
      if (distance > 0 && (!known || pluralPair(word, term))) {
        var d = osaDistance(word, term, distance);
        if (d === 1) boost = Math.max(boost, rules.fuzzy1);
        else if (d === 2) boost = Math.max(boost, rules.fuzzy2);
      }
      if (boost > 0) others.push({ entry: entry, boost: boost });
    }
    others.sort(function (x, y) {
      return y.boost - x.boost || y.entry.df - x.entry.df || x.entry.order - y.entry.order;
    });
    var result = (exact ? [exact] : []).concat(others.slice(0, rules.max));
    expansionCache[cacheKey] = result;
    return result;
  }

  /* ---------------------------------------------------------------- */
  /* Scoring: BM25 in f32, in tantivy's order                          */
  /* ---------------------------------------------------------------- */

  function idf(docFreq, docs) {
    var x = fround(fround(fround(docs - docFreq) + 0.5) / fround(docFreq + 0.5));
    return fround(Math.log(fround(1 + x)));
  }

  function scratch(m) {
    if (!m.scratch || m.scratch.size !== m.docs) {
      m.scratch = {
        size: m.docs,
        word: new Float64Array(m.docs), /* this word's score per doc */
        wordMark: new Int32Array(m.docs), /* stamp: doc touched by this word */
        touched: new Int32Array(m.docs), /* the docs this word touched, first touch order */
        total: new Float64Array(m.docs), /* sum of the words so far, then the score */
        count: new Int32Array(m.docs), /* words matched so far */
        queryMark: new Int32Array(m.docs), /* stamp: count is of this query */
        required: new Int32Array(m.docs), /* required words and pairs held */
        candidates: new Int32Array(m.docs), /* docs holding a word, first touch order */
        keep: new Int32Array((m.docs + 31) >>> 5), /* bit set: candidates of rankPruned */
        held: new Int32Array((m.docs + 31) >>> 5), /* bit set: docs holding a word */
        sample: new Int32Array(SAMPLE), /* rankPruned's sample */
        stamp: 0
      };
    }
    return m.scratch;
  }

  /* A posting list's scores when its term frequency is 1 (most postings), by fieldnorm id:
     the same f32 arithmetic as scoreWord's, done once per id instead of once per posting. */
  function scoresOfOne(weight, norm) {
    var out = new Float64Array(256);
    for (var id = 0; id < 256; id++) out[id] = fround(weight * fround(1 / fround(1 + norm[id])));
    return out;
  }

  /* Sets one word's scores (sum over expansions, then fields, like tantivy's union of
     term scorers) in `word` for the docs it touches, marking them with `stamp` in `mark`;
     returns how many docs it touched, listed in `touched` in first touch order. With
     `only` (rankPruned), the docs whose bit is not set in only.keep are skipped, and
     (when only.held is set) every doc's bit is set in only.held. */
  function scoreWord(m, expansions, word, mark, stamp, touched, only) {
    var n = 0;
    var keep = only ? only.keep : null;
    var held = only ? only.held : null;
    for (var e = 0; e < expansions.length; e++) {
      var entry = expansions[e].entry;
      var boost = fround(expansions[e].boost);
      for (var slot = 0; slot < entry.fields.length; slot++) {
        var spec = entry.fields[slot];
        var field = m.fields[spec[0]];
        var weight = fround(fround(idf(spec[1], m.docs) * m.onePlusK1) * fround(field.boost * boost));
        var norm = field.norm;
        var p = postings(entry, slot, m.docs);
        var docs = p.docs;
        var tfs = p.tfs;
        var norms = p.norms;
        var ones = docs.length > 512 ? scoresOfOne(weight, norm) : null;
        for (var i = 0; i < docs.length; i++) {
          var doc = docs[i];
          if (keep) {
            /* Counted; skipped unless a candidate (rankPruned). */
            if (held) held[doc >>> 5] |= 1 << (doc & 31);
            if (!((keep[doc >>> 5] >>> (doc & 31)) & 1)) continue;
          }
          var tf = tfs[i];
          var score = tf === 1 && ones ? ones[norms[i]] : fround(weight * fround(tf / fround(tf + norm[norms[i]])));
          if (mark[doc] !== stamp) {
            mark[doc] = stamp;
            word[doc] = score;
            touched[n++] = doc;
          } else {
            word[doc] = fround(word[doc] + score);
          }
        }
      }
    }
    return n;
  }

  /* How many rankings rankPruned made (for the tests: it must be exercised). */
  var prunedRanks = 0;

  /* rankAll's result; with a limit, rankPruned's when it can skip sections. */
  function rank(m, query, limit) {
    var pruned = limit > 0 ? rankPruned(m, query, limit) : null;
    if (pruned) prunedRanks++;
    return pruned || rankAll(m, query, limit);
  }

  /* Every (word, expansion, field) posting list of a query and every pair's, in the order
     rankAll adds their scores: [{ p: postings, weight, norm: fieldnorm table, word: its
     index in query.words, or -1 for a pair, pair: its index in query.pairs }]. */
  function queryLists(m, query) {
    var lists = [];
    var expanded = query.expanded;
    for (var k = 0; k < expanded.length; k++) {
      for (var e = 0; e < expanded[k].length; e++) {
        var entry = expanded[k][e].entry;
        var boost = fround(expanded[k][e].boost);
        for (var slot = 0; slot < entry.fields.length; slot++) {
          var spec = entry.fields[slot];
          var field = m.fields[spec[0]];
          lists.push({
            p: postings(entry, slot, m.docs),
            weight: fround(fround(idf(spec[1], m.docs) * m.onePlusK1) * fround(field.boost * boost)),
            norm: field.norm,
            word: k,
            pair: -1
          });
        }
      }
    }
    for (var q = 0; q < query.pairs.length; q++) {
      var pair = query.pairs[q].entry;
      if (!pair) continue;
      lists.push({
        p: pairPostings(m, pair),
        weight: fround(fround(idf(pair.df, m.docs) * m.onePlusK1) * m.pairBoost),
        norm: m.pairNorm,
        word: -1,
        pair: q
      });
    }
    return lists;
  }

  /* The highest score of one list: its weight times its highest tf / (tf + norm), the
     same f32 steps as a posting's score (so an upper bound of each, exactly). The ratio is
     kept with the decoded postings (per fieldnorm table). */
  function listBound(list) {
    var p = list.p;
    var key = list.norm === p.boundNorm ? p.boundRatio : undefined;
    if (key === undefined) {
      var best = 0;
      for (var i = 0; i < p.docs.length; i++) {
        var tf = p.tfs[i];
        var r = fround(tf / fround(tf + list.norm[p.norms[i]]));
        if (r > best) best = r;
      }
      p.boundNorm = list.norm;
      p.boundRatio = key = best;
    }
    return fround(list.weight * key);
  }

  /* First index from `from` on whose doc is >= doc (docs ascending): galloping search. */
  function seek(docs, from, doc) {
    var len = docs.length;
    if (from >= len || docs[from] >= doc) return from;
    var lo = from;
    var step = 1;
    var hi = from + 1;
    while (hi < len && docs[hi] < doc) {
      lo = hi;
      step *= 2;
      hi = lo + step;
    }
    if (hi > len) hi = len;
    /* docs[lo] < doc; the answer is in (lo, hi]. */
    while (hi - lo > 1) {
      var mid = (lo + hi) >>> 1;
      if (docs[mid] < doc) lo = mid;
      else hi = mid;
    }
    return hi;
  }

  /* Scores `docs` (ascending) exactly as rankAll does, one doc at a time: each list looked
     up in turn, the scores added in rankAll's order (a word's lists, then the words, then
     the pairs, f32), the coordination applied. Returns the docs that are hits (holding a
     word and every required word and pair) in `out`, their scores in `scores[doc]`, and
     how many there are. */
  function scoreDocs(m, query, lists, docs, scores, out) {
    var words = query.expanded.length;
    var coordination = m.coordination;
    var needed = query.required;
    var cursor = new Int32Array(lists.length);
    var found = 0;
    for (var d = 0; d < docs.length; d++) {
      var doc = docs[d];
      var total = 0;
      var count = 0;
      var held = 0;
      var word = -1;
      var wordScore = 0;
      var inWord = false;
      for (var l = 0; l <= lists.length; l++) {
        var list = lists[l];
        /* A word's lists are over: add its score. */
        if (inWord && (l === lists.length || list.word !== word)) {
          total = count === 0 ? wordScore : fround(total + wordScore);
          count++;
          if (query.words[word].required) held++;
          inWord = false;
        }
        if (l === lists.length) break;
        var p = list.p;
        var at = (cursor[l] = seek(p.docs, cursor[l], doc));
        if (at >= p.docs.length || p.docs[at] !== doc) continue;
        var tf = p.tfs[at];
        var score = fround(list.weight * fround(tf / fround(tf + list.norm[p.norms[at]])));
        if (list.word >= 0) {
          if (inWord && list.word === word) wordScore = fround(wordScore + score);
          else {
            word = list.word;
            wordScore = score;
            inWord = true;
          }
        } else if (count > 0) {
          total = fround(total + score);
          if (query.pairs[list.pair].required) held++;
        }
      }
      if (count === 0 || held !== needed) continue;
      if (count !== words) {
        var share = fround(count / words);
        for (var c = 0; c < coordination; c++) total = fround(total * share);
      }
      scores[doc] = total;
      out[found++] = doc;
    }
    return found;
  }

  /* How many bits of `bits` (Int32Array) are set. */
  function bitCount(bits) {
    var n = 0;
    for (var i = 0; i < bits.length; i++) {
      var v = bits[i];
      v = v - ((v >>> 1) & 0x55555555);
      v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
      n += (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
    }
    return n;
  }

  /* Most sections scored one by one for rankPruned's floor. */
  var SAMPLE = 256;

  /* The same hits and total as rankAll(m, query, limit) for limit > 0, without scoring the
     sections that cannot reach the top `limit` (max-score pruning), or null when nothing
     can be left out. rankAll runs as always, only skipping the postings of the sections
     that are not candidates, so a candidate's score is computed by the same steps, bit for
     bit; every section that holds a word is still counted.
     - With required words or pairs (a phrase), the hits are among the sections of the
       rarest of them: they are the candidates.
     - Else a floor θ: the `limit`-th best score among up to SAMPLE sections of the rarest
       word (scored exactly, by scoreDocs); the top `limit` reach it. Each list's highest
       score bounds its postings' scores; the lists (of a word, an expansion, a field)
       whose bounds add up (with a margin above f32 rounding; the coordination factor is
       at most 1) to less than θ cannot alone lift a section to θ: the candidates are the
       sections of the other lists and of the pairs.
     The tests compare both on every query of the relevance sets. */
  function rankPruned(m, query, limit) {
    var lists = queryLists(m, query);
    var s = scratch(m);
    var words = query.expanded.length;
    var i;
    function listsOf(word) {
      return lists.filter(function (l) {
        return l.word === word;
      });
    }
    function sizeOf(ls) {
      var n = 0;
      for (var j = 0; j < ls.length; j++) n += ls[j].p.docs.length;
      return n;
    }
    var sizes = [];
    for (i = 0; i < words; i++) sizes.push(0);
    for (i = 0; i < lists.length; i++) if (lists[i].word >= 0) sizes[lists[i].word] += lists[i].p.docs.length;
    var only = { keep: s.keep, held: null };
    var kept;
    if (query.required) {
      /* The rarest required item: a word's lists, or a pair's list (none: no hit). */
      kept = null;
      for (var k = 0; k < words; k++) if (query.words[k].required && (!kept || sizes[k] < sizeOf(kept))) kept = listsOf(k);
      query.pairs.forEach(function (pair, q) {
        if (!pair.required) return;
        var its = lists.filter(function (l) {
          return l.pair === q;
        });
        if (!kept || sizeOf(its) < sizeOf(kept)) kept = its;
      });
    } else {
      /* The rarest word the notes hold. */
      var rare = -1;
      for (var w = 0; w < words; w++) if (sizes[w] && (rare < 0 || sizes[w] < sizes[rare])) rare = w;
      if (rare < 0) return null;
      /* Its lists with the highest bounds first: their sections score highest. */
      var sample = listsOf(rare).sort(function (a, b) {
        return listBound(b) - listBound(a);
      });
      var docs = s.sample;
      var n = 0;
      var mark = s.queryMark;
      var stamp = ++s.stamp;
      for (i = 0; i < sample.length && n < SAMPLE; i++) {
        var ds = sample[i].p.docs;
        for (var j = 0; j < ds.length && n < SAMPLE; j++) {
          if (mark[ds[j]] !== stamp) {
            mark[ds[j]] = stamp;
            docs[n++] = ds[j];
          }
        }
      }
      docs = docs.subarray(0, n).sort();
      var scores = s.word;
      var out = s.candidates;
      var found = scoreDocs(m, query, lists, docs, scores, out);
      if (found < limit) return null;
      var floor = best(out, found, scores, limit)[limit - 1].score;
      /* The word lists by bound, lowest first. */
      var order = [];
      for (i = 0; i < lists.length; i++) if (lists[i].word >= 0) order.push(i);
      order.sort(function (a, b) {
        return listBound(lists[a]) - listBound(lists[b]) || a - b;
      });
      /* A section outside the candidates holds no pair (the pairs' sections are
         candidates), only left-out lists. 1e-4: far above the rounding of a few dozen f32
         additions. */
      var left = new Uint8Array(lists.length);
      var sum = 0;
      for (i = 0; i < order.length; i++) {
        sum += listBound(lists[order[i]]);
        if (sum * (1 + 1e-4) >= floor) break;
        left[order[i]] = 1;
      }
      kept = lists.filter(function (l, at) {
        return !left[at];
      });
      /* Marking the candidates costs a pass over their postings: worth it only when it
         leaves out most postings. */
      if (2 * sizeOf(kept) > sizeOf(lists)) return null;
      /* Every section holding a word counts: rankAll sets their bits (a bit set fits a
         processor's first cache) and counts them. */
      only.held = s.held;
      only.held.fill(0);
    }
    var keep = only.keep;
    keep.fill(0);
    for (i = 0; i < kept.length; i++) {
      var its = kept[i].p.docs;
      for (var t = 0; t < its.length; t++) keep[its[t] >>> 5] |= 1 << (its[t] & 31);
    }
    return rankAll(m, query, limit, only);
  }

  /* { hits: the `limit` best (all when 0) as [{ doc, score }], total }: every section
     holding at least one word (and every required word and pair), scored by the sum of
     its words' scores (query order, f32), plus its pairs' scores, times the share of the
     query's words it holds, to the power `coordination` (query.rs `search_with`).
     `only`: rankPruned's candidates and count (see scoreWord). */
  function rankAll(m, query, limit, only) {
    var expanded = query.expanded;
    var s = scratch(m);
    var queryStamp = ++s.stamp;
    var candidates = s.candidates;
    var found = 0;
    var queryMark = s.queryMark;
    var count = s.count;
    var total = s.total;
    var held = s.required;
    var word = s.word;
    var touched = s.touched;
    var i, doc;
    for (var k = 0; k < expanded.length; k++) {
      var required = query.words[k].required ? 1 : 0;
      if (k === 0) {
        /* The first word's scores are the totals so far: written there directly. */
        found = scoreWord(m, expanded[0], total, queryMark, queryStamp, candidates, only);
        for (i = 0; i < found; i++) {
          doc = candidates[i];
          count[doc] = 1;
          held[doc] = required;
        }
        continue;
      }
      var n = scoreWord(m, expanded[k], word, s.wordMark, ++s.stamp, touched, only);
      for (i = 0; i < n; i++) {
        doc = touched[i];
        if (queryMark[doc] !== queryStamp) {
          queryMark[doc] = queryStamp;
          count[doc] = 1;
          total[doc] = word[doc];
          held[doc] = required;
          candidates[found++] = doc;
        } else {
          count[doc]++;
          total[doc] = fround(total[doc] + word[doc]);
          held[doc] += required;
        }
      }
    }
    scorePairs(m, s, query.pairs, queryStamp);
    var needed = query.required;
    if (needed) {
      var kept = 0;
      for (i = 0; i < found; i++) if (held[candidates[i]] === needed) candidates[kept++] = candidates[i];
      found = kept;
    }
    var words = expanded.length;
    var coordination = m.coordination;
    var shares = new Float64Array(words + 1);
    for (i = 0; i <= words; i++) shares[i] = fround(i / words);
    for (i = 0; i < found; i++) {
      doc = candidates[i];
      /* A section holding every word keeps its score (times 1, exactly). */
      if (count[doc] === words) continue;
      var share = shares[count[doc]];
      for (var p = 0; p < coordination; p++) total[doc] = fround(total[doc] * share);
    }
    return { hits: best(candidates, found, total, limit), total: only && only.held ? bitCount(only.held) : found };
  }

  /* Adds each pair's BM25 in the pair field (boost `pair`) to the sections that hold a
     word of the query, in query order, and counts the required ones. */
  function scorePairs(m, s, pairs, queryStamp) {
    for (var q = 0; q < pairs.length; q++) {
      var entry = pairs[q].entry;
      if (!entry) continue;
      var required = pairs[q].required ? 1 : 0;
      var weight = fround(fround(idf(entry.df, m.docs) * m.onePlusK1) * m.pairBoost);
      var p = pairPostings(m, entry);
      for (var i = 0; i < p.docs.length; i++) {
        var doc = p.docs[i];
        if (s.queryMark[doc] !== queryStamp) continue;
        var tf = p.tfs[i];
        s.total[doc] = fround(s.total[doc] + fround(weight * fround(tf / fround(tf + m.pairNorm[p.norms[i]]))));
        s.required[doc] += required;
      }
    }
  }

  /* The `limit` best of the first `found` candidates (all when limit is 0) by score, then
     ascending doc id. */
  function best(candidates, found, scores, limit) {
    var all = !(limit > 0) || limit >= found;
    var top = [];
    var floor = null; /* the worst hit kept, once `limit` are kept */
    var floorScore = -Infinity;
    var floorDoc = 0;
    for (var i = 0; i < found; i++) {
      var doc = candidates[i];
      var score = scores[doc];
      if (floor && (score < floorScore || (score === floorScore && doc > floorDoc))) continue;
      top.push({ doc: doc, score: score });
      if (!all && top.length > limit * 4) {
        floor = trim(top, limit);
        floorScore = floor.score;
        floorDoc = floor.doc;
      }
    }
    top.sort(byScore);
    if (!all && top.length > limit) top.length = limit;
    return top;
  }

  function byScore(a, b) {
    return b.score - a.score || a.doc - b.doc;
  }

  /* Keeps the `limit` best of `top` (sorted), returns the worst kept. */
  function trim(top, limit) {
    top.sort(byScore);
    top.length = limit;
    return top[limit - 1];
  }

  /* ---------------------------------------------------------------- */
  /* Public API                                                        */
  /* ---------------------------------------------------------------- */

  function emptyResult(words) {
    return { hits: [], total: 0, words: words || [] };
  }

  /* The query's parts between quotes: [{ text, quoted }]; a last quote without its
     closing one does not open a phrase (plan.rs `segments`). */
  function segments(query) {
    var quotes = (query.match(/["\u201c\u201d]/g) || []).length;
    return query.split(/["\u201c\u201d]/).map(function (text, i) {
      return { text: text, quoted: i % 2 === 1 && !(quotes % 2 === 1 && i === quotes) };
    });
  }

  /* { words: [{ text, last, exact, required }], pairs: [{ term, required }] } of the
     analysed parts [{ words, quoted }] (plan.rs `plan`): stop words left out of the unquoted
     parts unless the query has nothing else; phrase words exact; pairs of a phrase's
     neighbours required, of unquoted neighbours (neither a stop word) optional. */
  function plan(m, parts) {
    function isStop(w) {
      return !!m.stopStems[w];
    }
    var hasContent = parts.some(function (p) {
      return p.words.length > 0 && (p.quoted || p.words.some(function (w) {
        return !isStop(w);
      }));
    });
    var last = null;
    for (var i = parts.length - 1; i >= 0; i--) {
      if (!parts[i].words.length) continue;
      if (!parts[i].quoted) last = parts[i].words[parts[i].words.length - 1];
      break;
    }
    var words = [];
    var pairs = [];
    function addWord(text, exact, required) {
      var found = words.find(function (w) {
        return w.text === text;
      });
      if (found) {
        found.exact = found.exact || exact;
        found.required = found.required || required;
      } else words.push({ text: text, last: false, exact: exact, required: required });
    }
    function addPair(first, second, required) {
      var term = first + " " + second;
      var found = pairs.find(function (p) {
        return p.term === term;
      });
      if (found) found.required = found.required || required;
      else pairs.push({ term: term, words: [first, second], required: required });
    }
    parts.forEach(function (p) {
      function kept(w) {
        return p.quoted || !hasContent || !isStop(w);
      }
      p.words.forEach(function (w) {
        if (kept(w)) addWord(w, p.quoted, p.quoted && p.words.length === 1);
      });
      for (var k = 0; k + 1 < p.words.length; k++) {
        var first = p.words[k];
        var second = p.words[k + 1];
        if (p.quoted) addPair(first, second, true);
        else if (kept(first) && kept(second) && first !== second) addPair(first, second, false);
      }
    });
    words.forEach(function (w) {
      w.last = !w.exact && w.text === last;
    });
    return { words: words, pairs: pairs };
  }

  /* A query read and looked up: { words (plan), expanded: [[{ entry, boost }]] per word,
     pairs: [{ entry or null, required }], required: how many words and pairs a section
     must hold }, every postings file it needs loaded. */
  function expandQuery(m, query) {
    var parts = segments(query);
    return foldFor(query).then(function (fold) {
      var read = plan(m, parts.map(function (p) {
        return {
          quoted: p.quoted,
          words: tokenize(p.text, fold).map(function (t) {
            return t.term;
          })
        };
      }));
      var words = read.words;
      return Promise.all(
        words.map(function (w) {
          return termShard(m, w.text);
        })
      ).then(function (shards) {
        var expanded = words.map(function (w, i) {
          if (!w.exact) return expand(m, shards[i], w.text, w.last);
          var entry = shards[i] && shards[i].byTerm[w.text];
          return entry ? [{ entry: entry, boost: 1 }] : [];
        });
        var entries = [].concat.apply([], expanded).map(function (x) {
          return x.entry;
        });
        var pairs = read.pairs;
        return Promise.all([
          loadPostings(entries),
          Promise.all(
            pairs.map(function (p) {
              return pairEntry(m, p.term);
            })
          )
        ]).then(function (loaded) {
          /* A common pair (listed without postings: it is not indexed) is left out; a phrase
             requires its words instead (plan.rs `drop_common`). */
          var kept = [];
          pairs.forEach(function (p, i) {
            var entry = loaded[1][i];
            if (!entry || entry.where) kept.push({ entry: entry, required: p.required });
            else if (p.required) {
              words.forEach(function (w) {
                if (w.text === p.words[0] || w.text === p.words[1]) w.required = true;
              });
            }
          });
          var required = 0;
          words.forEach(function (w) {
            if (w.required) required++;
          });
          kept.forEach(function (p) {
            if (p.required) required++;
          });
          return { words: words, expanded: expanded, pairs: kept, required: required };
        });
      });
    });
  }

  function termsOf(expanded) {
    return expanded.map(function (expansions) {
      return expansions.map(function (x) {
        return x.entry.term;
      });
    });
  }

  /* search(query, { limit }) → { hits: [{ doc, score }], total, words: [[term]],
     sectionsPerPage (how many sections pages() lists under a page) }.
     limit: 10 by default; 0 or Infinity for every hit. */
  function search(query, options) {
    var limit = options && options.limit != null ? options.limit : 10;
    return manifest().then(function (m) {
      return expandQuery(m, String(query == null ? "" : query)).then(function (read) {
        var words = termsOf(read.expanded);
        if (!read.expanded.length || !m.docs) return emptyResult(words);
        var ranked = rank(m, read, limit);
        return { hits: ranked.hits, total: ranked.total, words: words, sectionsPerPage: m.sectionsPerPage };
      });
    });
  }

  /* The page number of each id, from the page shards g/<n> (4-byte little-endian integers). */
  function pageOf(m, ids) {
    return Promise.all(
      ids.map(function (id) {
        return loadPacked("g/" + Math.floor(id / m.pageShard));
      })
    ).then(function (shards) {
      return ids.map(function (id, i) {
        var b = shards[i].bytes;
        var at = (id % m.pageShard) * 4;
        return (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;
      });
    });
  }

  /* Hits grouped by page (group.rs; the API's group(), which the results page uses on every
     hit with limit Infinity): walk the hits in rank order; a hit of a listed page
     joins it (at most sectionsPerPage a page); a hit of a new page opens it, unless `limit`
     pages are listed, where the walk stops. Returns { pages, done }: done when the walk
     stopped or the hits ran out (else more hits are needed). */
  function groupHits(hits, pageNumbers, limit, perPage, exhausted) {
    var pages = [];
    var byPage = Object.create(null);
    for (var i = 0; i < hits.length; i++) {
      var page = pageNumbers[i];
      var listed = byPage[page];
      if (listed) {
        if (listed.hits.length < perPage) listed.hits.push(hits[i]);
      } else if (pages.length === limit) {
        return { pages: pages, done: true };
      } else {
        listed = byPage[page] = { page: page, score: hits[i].score, hits: [hits[i]] };
        pages.push(listed);
      }
    }
    return { pages: pages, done: exhausted };
  }

  /* pages(query, { limit }) → { pages: [{ page, score, hits: [{ doc, score }] }], total,
     words }: the results grouped by page (group.rs), at most `limit` pages (8 by default),
     each with its best sections. The page of a hit is loaded only for a prefix of the
     hits, a chunk at a time (2 × limit hits, then twice as many each time), until the
     walk stops: a few small files for most queries. */
  function pages(query, options) {
    var limit = options && options.limit != null ? options.limit : 8;
    return manifest().then(function (m) {
      return expandQuery(m, String(query == null ? "" : query)).then(function (read) {
        var words = termsOf(read.expanded);
        if (!read.expanded.length || !m.docs || !(limit > 0)) return { pages: [], total: 0, words: words };
        var want = 4 * limit * m.sectionsPerPage;
        var ranked = rank(m, read, want);
        var numbers = []; /* page numbers of ranked.hits[0 .. numbers.length) */
        var chunk = 2 * limit;
        function step() {
          var exhausted = numbers.length >= ranked.total;
          var grouped = groupHits(ranked.hits.slice(0, numbers.length), numbers, limit, m.sectionsPerPage, exhausted);
          if (grouped.done) return { pages: grouped.pages, total: ranked.total, words: words };
          if (numbers.length + chunk > ranked.hits.length && ranked.hits.length < ranked.total) {
            /* The same order, further down (rank is deterministic). */
            want = Math.max(want * 4, numbers.length + chunk);
            ranked = rank(m, read, want);
          }
          var next = ranked.hits.slice(numbers.length, numbers.length + chunk).map(function (h) {
            return h.doc;
          });
          chunk *= 2;
          return pageOf(m, next).then(function (more) {
            numbers = numbers.concat(more);
            return step();
          });
        }
        return step();
      });
    });
  }

  /* docs(ids) → [{ doc, url, title, heading, breadcrumb, category, note }] (url relative
     to the site root). */
  function docs(ids) {
    return manifest().then(function (m) {
      return Promise.all(
        ids.map(function (id) {
          return loadPacked("d/" + Math.floor(id / m.docShard));
        })
      ).then(function (shards) {
        return ids.map(function (id, i) {
          var row = shards[i].json.docs[id % m.docShard];
          if (!row) return null;
          return { doc: id, url: row[0], title: row[1], heading: row[2], breadcrumb: row[3], category: row[4], note: row[5] };
        });
      });
    });
  }

  /* facets(ids) → [{ doc, category, note, page }]: what the results page filters and groups by, from a few
     large shards, so that it needs docs() only for the results it shows. */
  function facets(ids) {
    return manifest().then(function (m) {
      return Promise.all(
        ids.map(function (id) {
          return loadPacked("f/" + Math.floor(id / m.facetShard));
        })
      ).then(function (shards) {
        return ids.map(function (id, i) {
          var f = shards[i].json;
          var at = (id % m.facetShard) * 2;
          return { doc: id, category: f.categories[f.docs[at]], note: f.notes[f.docs[at + 1]], page: f.pages[id % m.facetShard] };
        });
      });
    });
  }

  /* Snippet of a text like tantivy's SnippetGenerator: cut into fragments of at most
     `length` characters at token boundaries, score a fragment by the sum of 1 / (1 + df)
     of its matching tokens, keep the best (earliest on ties). */
  function bestFragment(text, tokens, weights, length) {
    var best = null;
    var fragment = { start: 0, stop: 0, score: 0, marks: [] };
    function close() {
      if (fragment.score > 0 && (!best || fragment.score > best.score)) best = fragment;
    }
    for (var i = 0; i < tokens.length; i++) {
      var t = tokens[i];
      if (t.end - fragment.start > length) {
        close();
        fragment = { start: t.start, stop: t.start, score: 0, marks: [] };
      }
      fragment.stop = t.end;
      var w = weights[t.term];
      if (w) {
        fragment.score += w;
        fragment.marks.push([t.start, t.end]);
      }
    }
    close();
    return best;
  }

  function leadFragment(text, length) {
    if (text.length <= length) return { start: 0, stop: text.length, marks: [] };
    var cut = text.lastIndexOf(" ", length);
    return { start: 0, stop: cut > length / 2 ? cut : length, marks: [] };
  }

  /* snippets(ids, words, { length }) → [{ doc, text, marks: [[start, end]], before, after }]:
     `words` as returned by search(); marks index `text`; before/after say whether the
     section's text goes on past the fragment. */
  function snippets(ids, words, options) {
    var length = (options && options.length) || 150;
    return manifest().then(function (m) {
      return termWeights(m, words).then(function (weights) {
        return Promise.all(
          ids.map(function (id) {
            return loadPacked("d/" + Math.floor(id / m.docShard));
          })
        ).then(function (shards) {
          var cut = [];
          var texts = ids.map(function (id, i) {
            var shard = shards[i].json;
            var local = id % m.docShard;
            cut.push(shard.cut.indexOf(local) >= 0);
            return String(shard.text[local] || "");
          });
          return foldFor(texts.join("\n")).then(function (fold) {
            return texts.map(function (text, i) {
              var f = bestFragment(text, tokenize(text, fold), weights, length) || leadFragment(text, length);
              return {
                doc: ids[i],
                text: text.slice(f.start, f.stop),
                marks: f.marks.map(function (r) {
                  return [r[0] - f.start, r[1] - f.start];
                }),
                before: f.start > 0,
                after: f.stop < text.length || cut[i]
              };
            });
          });
        });
      });
    });
  }

  /* term → 1 / (1 + df in the body field), for the expansion terms of `words`. */
  function termWeights(m, words) {
    var terms = [].concat.apply([], words || []);
    return Promise.all(
      terms.map(function (term) {
        return termShard(m, term);
      })
    ).then(function (shards) {
      var weights = Object.create(null);
      terms.forEach(function (term, i) {
        var entry = shards[i] && shards[i].byTerm[term];
        if (!entry) return;
        entry.fields.forEach(function (f) {
          if (f[0] === m.body && f[1] > 0) weights[term] = 1 / (1 + f[1]);
        });
      });
      return weights;
    });
  }

  /* matchedTerms(doc, words) → the expansion terms of `words` that occur in `doc`
     (any field): what the target page should highlight. */
  function matchedTerms(doc, words) {
    return manifest().then(function (m) {
      var terms = [].concat.apply([], words || []);
      return Promise.all(
        terms.map(function (term) {
          return termShard(m, term);
        })
      ).then(function (shards) {
        var entries = [];
        terms.forEach(function (term, i) {
          if (shards[i] && shards[i].byTerm[term]) entries.push(shards[i].byTerm[term]);
        });
        return loadPostings(entries).then(function () {
          return shards;
        });
      }).then(function (shards) {
        var seen = Object.create(null);
        return terms.filter(function (term, i) {
          var entry = shards[i] && shards[i].byTerm[term];
          if (!entry || seen[term]) return false;
          for (var slot = 0; slot < entry.fields.length; slot++) {
            if (contains(postings(entry, slot, m.docs).docs, doc)) return (seen[term] = true);
          }
          return false;
        });
      });
    });
  }

  function contains(sorted, value) {
    var lo = 0;
    var hi = sorted.length - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (sorted[mid] === value) return true;
      if (sorted[mid] < value) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  /* preload() → loads the manifest (call on focus, before the first keystroke). */
  function preload() {
    return manifest().then(function () {
      return true;
    });
  }

  var api = {
    add: add,
    configure: configure,
    preload: preload,
    search: search,
    pages: pages,
    group: groupHits,
    docs: docs,
    facets: facets,
    snippets: snippets,
    analyze: analyze,
    tokens: tokens,
    matchedTerms: matchedTerms,
    /* Pieces exposed for unit tests; not a stable API. */
    _test: {
      tokenize: tokenize,
      fieldnormValue: fieldnormValue,
      decodePostings: decodePostings,
      osaDistance: osaDistance,
      shardKey: shardKey,
      idf: idf,
      bestFragment: bestFragment,
      fromText: fromText,
      prunedRanks: function () {
        return prunedRanks;
      },
      /* Drops everything derived from loaded files, keeping the files (bench/search-latency.mjs). */
      forgetPrepared: function () {
        prepared = {};
        expansionCache = {};
      }
    }
  };

  window.NotesiteSearch = api;
})();
