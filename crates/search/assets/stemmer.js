/* stemmer.js: English stemming for notesite's browser search, so that a query word is
 * stemmed exactly as the index's words are (Rust: notesite-search's `stem::stem`).
 * Input: one word, already lower-cased and ASCII-folded. Output: its stem.
 * The algorithm is Snowball's "english" stemmer (Porter2), written here from its published
 * description, in the revision tantivy's stemmer (frostem, Snowball 3.x) applies: besides
 * the original rules it keeps "past" and "inter-/later-/univers-..." prefixes apart, maps
 * "-ogist" to "og", "-fulli" to "ful", and handles "dying" and "inning" in step 1b.
 * A classic script: it defines one global, NotesiteStem, and needs no network. */
(function (root) {
  "use strict";

  var has = Object.prototype.hasOwnProperty;

  /* Whole words with a fixed stem (checked before anything else). */
  var EXCEPTIONS = {
    skis: "ski", skies: "sky", idly: "idl", gently: "gentl", ugly: "ugli",
    early: "earli", only: "onli", singly: "singl",
    sky: "sky", news: "news", howe: "howe", atlas: "atlas", cosmos: "cosmos",
    bias: "bias", andes: "andes"
  };

  /* Prefixes that end R1 wherever the vowels say otherwise ("gener-al", "inter-est"). */
  var R1_PREFIXES = [
    "gener", "commun", "arsen", "past", "univers", "later", "emerg", "organ", "inter"
  ];

  /* Step 2 and 3 suffixes (longest first) and what replaces them; null marks a special case. */
  var STEP2 = [
    ["ization", "ize"], ["ational", "ate"], ["fulness", "ful"], ["ousness", "ous"],
    ["iveness", "ive"], ["tional", "tion"], ["biliti", "ble"], ["lessli", "less"],
    ["entli", "ent"], ["ation", "ate"], ["alism", "al"], ["aliti", "al"], ["ousli", "ous"],
    ["iviti", "ive"], ["fulli", "ful"], ["ogist", "og"], ["enci", "ence"], ["anci", "ance"],
    ["abli", "able"], ["izer", "ize"], ["ator", "ate"], ["alli", "al"], ["bli", "ble"],
    ["ogi", null], ["li", null]
  ];
  var STEP3 = [
    ["ational", "ate"], ["tional", "tion"], ["alize", "al"], ["icate", "ic"], ["iciti", "ic"],
    ["ative", null], ["ical", "ic"], ["ness", ""], ["ful", ""]
  ];
  var STEP4 = ["ement", "ance", "ence", "able", "ible", "ment", "ate", "ive", "ize", "iti",
    "ism", "ion", "ous", "ant", "ent", "ic", "al", "er"];

  function isVowel(c) {
    return c === "a" || c === "e" || c === "i" || c === "o" || c === "u" || c === "y";
  }

  /* The first entry of `list` (longest first) that `s` ends with, or null. */
  function longestSuffix(s, list) {
    for (var i = 0; i < list.length; i++) {
      var suffix = typeof list[i] === "string" ? list[i] : list[i][0];
      if (s.endsWith(suffix)) return list[i];
    }
    return null;
  }

  /* Whether s[0..end) ends in a short syllable: non-vowel (not w, x, Y), vowel, non-vowel;
   * or a word of just vowel + non-vowel; or "past". */
  function shortSyllable(s, end) {
    if (end >= 3) {
      var last = s.charAt(end - 1);
      if (!isVowel(last) && last !== "w" && last !== "x" && last !== "Y" &&
          isVowel(s.charAt(end - 2)) && !isVowel(s.charAt(end - 3))) {
        return true;
      }
    }
    if (end === 2 && isVowel(s.charAt(0)) && !isVowel(s.charAt(1))) return true;
    return end >= 4 && s.slice(end - 4, end) === "past";
  }

  /* R1 and R2: where the region after the first (second) vowel-then-non-vowel starts. */
  function regions(s) {
    var n = s.length, p1 = n, i = 0, prefixed = false;
    for (var k = 0; k < R1_PREFIXES.length; k++) {
      if (s.startsWith(R1_PREFIXES[k])) {
        p1 = i = R1_PREFIXES[k].length;
        prefixed = true;
        break;
      }
    }
    if (!prefixed) {
      i = afterVowelConsonant(s, 0);
      if (i < 0) return [n, n];
      p1 = i;
    }
    var j = afterVowelConsonant(s, i);
    return [p1, j < 0 ? n : j];
  }

  /* The index just past the first non-vowel that follows a vowel, from `from`; -1 if none. */
  function afterVowelConsonant(s, from) {
    var i = from, n = s.length;
    while (i < n && !isVowel(s.charAt(i))) i++;
    if (i >= n) return -1;
    i++;
    while (i < n && isVowel(s.charAt(i))) i++;
    return i >= n ? -1 : i + 1;
  }

  /* Initial apostrophe removed; y at the start or after a vowel marked as consonant Y. */
  function prelude(word) {
    var s = word.charAt(0) === "'" ? word.slice(1) : word;
    var marked = false;
    if (s.charAt(0) === "y") {
      s = "Y" + s.slice(1);
      marked = true;
    }
    if (s.indexOf("y") > 0) {
      var chars = s.split("");
      for (var i = 0; i + 1 < chars.length; i++) {
        if (isVowel(chars[i]) && chars[i + 1] === "y") {
          chars[i + 1] = "Y";
          marked = true;
        }
      }
      s = chars.join("");
    }
    return { s: s, marked: marked };
  }

  function step1a(s) {
    if (s.endsWith("'s'")) s = s.slice(0, -3);
    else if (s.endsWith("'s")) s = s.slice(0, -2);
    else if (s.endsWith("'")) s = s.slice(0, -1);
    if (s.endsWith("sses")) return s.slice(0, -2);
    if (s.endsWith("ied") || s.endsWith("ies")) {
      return s.slice(0, -3) + (s.length > 4 ? "i" : "ie");
    }
    if (s.endsWith("ss") || s.endsWith("us") || !s.endsWith("s")) return s;
    for (var i = s.length - 3; i >= 0; i--) {
      if (isVowel(s.charAt(i))) return s.slice(0, -1);
    }
    return s;
  }

  function step1b(s, p1) {
    var suffix = longestSuffix(s, ["eedly", "ingly", "edly", "eed", "ing", "ed"]);
    if (suffix === null) return s;
    var stem = s.slice(0, s.length - suffix.length);
    if (suffix === "eed" || suffix === "eedly") {
      if (stem.length < p1 || stem === "succ" || stem === "proc" || stem === "exc") return s;
      return stem + "ee";
    }
    if (suffix === "ing") {
      if (stem.endsWith("y")) {
        if (stem.length === 2 && !isVowel(stem.charAt(0))) return stem.charAt(0) + "ie";
      } else if (stem === "even" || stem === "cann" || stem === "inn" || stem === "earr" ||
                 stem === "herr" || stem === "out") {
        return s;
      }
    }
    var vowel = false;
    for (var i = 0; i < stem.length && !vowel; i++) vowel = isVowel(stem.charAt(i));
    if (!vowel) return s;
    var end = stem.slice(-2);
    if (end === "at" || end === "bl" || end === "iz") return stem + "e";
    var doubled = end.length === 2 && end.charAt(0) === end.charAt(1);
    if (doubled && "bdfgmnprt".indexOf(end.charAt(0)) >= 0) {
      if (stem.length === 3 && "aeo".indexOf(stem.charAt(0)) >= 0) return stem;
      return stem.slice(0, -1);
    }
    if (stem.length === p1 && shortSyllable(stem, stem.length)) return stem + "e";
    return stem;
  }

  function step1c(s) {
    var n = s.length, last = s.charAt(n - 1);
    if (n >= 3 && (last === "y" || last === "Y") && !isVowel(s.charAt(n - 2))) {
      return s.slice(0, -1) + "i";
    }
    return s;
  }

  function step2(s, p1) {
    var rule = longestSuffix(s, STEP2);
    if (rule === null) return s;
    var start = s.length - rule[0].length;
    if (start < p1) return s;
    if (rule[0] === "ogi") return s.charAt(start - 1) === "l" ? s.slice(0, start) + "og" : s;
    if (rule[0] === "li") {
      var validLi = start > 0 && "cdeghkmnrt".indexOf(s.charAt(start - 1)) >= 0;
      return validLi ? s.slice(0, start) : s;
    }
    return s.slice(0, start) + rule[1];
  }

  function step3(s, p1, p2) {
    var rule = longestSuffix(s, STEP3);
    if (rule === null) return s;
    var start = s.length - rule[0].length;
    if (start < p1) return s;
    if (rule[0] === "ative") return start >= p2 ? s.slice(0, start) : s;
    return s.slice(0, start) + rule[1];
  }

  function step4(s, p2) {
    var suffix = longestSuffix(s, STEP4);
    if (suffix === null) return s;
    var start = s.length - suffix.length;
    if (start < p2) return s;
    if (suffix === "ion") {
      var before = s.charAt(start - 1);
      return start > 0 && (before === "s" || before === "t") ? s.slice(0, start) : s;
    }
    return s.slice(0, start);
  }

  function step5(s, p1, p2) {
    var start = s.length - 1, last = s.charAt(start);
    if (last === "e") {
      if (start >= p2 || (start >= p1 && !shortSyllable(s, start))) return s.slice(0, start);
    } else if (last === "l") {
      if (start >= p2 && start > 0 && s.charAt(start - 1) === "l") return s.slice(0, start);
    }
    return s;
  }

  function stemBmp(word) {
    if (has.call(EXCEPTIONS, word)) return EXCEPTIONS[word];
    if (word.length < 3) return word;
    var pre = prelude(word);
    var s = pre.s;
    var r = regions(s), p1 = r[0], p2 = r[1];
    s = step1a(s);
    s = step1b(s, p1);
    s = step1c(s);
    s = step2(s, p1);
    s = step3(s, p1, p2);
    s = step4(s, p2);
    s = step5(s, p1, p2);
    return pre.marked ? s.replace(/Y/g, "y") : s;
  }

  /* The stem of `word`. Characters outside the BMP count as one letter, as in Rust: each
   * stands in as one code unit while stemming (no rule looks at or removes them). */
  function stem(word) {
    if (!/[\ud800-\udfff]/.test(word)) return stemBmp(word);
    var astral = [];
    var stemmed = stemBmp(word.replace(/[\ud800-\udbff][\udc00-\udfff]/g, function (pair) {
      astral.push(pair);
      return "\ud800";
    }));
    var next = 0;
    return stemmed.replace(/\ud800(?![\udc00-\udfff])/g, function () {
      return astral[next++];
    });
  }

  root.NotesiteStem = { stem: stem };
})(typeof window !== "undefined" ? window : globalThis);
