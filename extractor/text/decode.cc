// Decoder implementation: charset choice (BOM, declaration, meta, UTF-8 validity, ICU ucsdet),
// WHATWG label mapping, UTF-8 repair and ICU conversion with per-character offset pieces.
#include "text/decode.h"

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucsdet.h>
#include <unicode/utf16.h>

#include <algorithm>
#include <cstring>

#include "text/utf8.h"

namespace quarry::text {

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  return out;
}

struct LabelRow {
  const char* label;
  const char* icu;
};

// WHATWG Encoding Standard labels (the ones seen in news pages) -> the ICU converter that
// implements that encoding's decoder.
constexpr LabelRow kLabels[] = {
    {"utf-8", "UTF-8"}, {"utf8", "UTF-8"}, {"unicode-1-1-utf-8", "UTF-8"}, {"unicode11utf8", "UTF-8"},
    {"unicode20utf8", "UTF-8"}, {"x-unicode20utf8", "UTF-8"},
    // windows-1252 (the web's Latin-1 and ASCII).
    {"windows-1252", "windows-1252"}, {"cp1252", "windows-1252"}, {"x-cp1252", "windows-1252"},
    {"iso-8859-1", "windows-1252"}, {"iso8859-1", "windows-1252"}, {"iso88591", "windows-1252"},
    {"iso_8859-1", "windows-1252"}, {"iso_8859-1:1987", "windows-1252"}, {"iso-ir-100", "windows-1252"},
    {"latin1", "windows-1252"}, {"l1", "windows-1252"}, {"csisolatin1", "windows-1252"},
    {"ibm819", "windows-1252"}, {"cp819", "windows-1252"}, {"us-ascii", "windows-1252"},
    {"ascii", "windows-1252"}, {"ansi_x3.4-1968", "windows-1252"},
    // Chinese: GBK and gb2312 labels decode with the gb18030 decoder.
    {"gbk", "gb18030"}, {"x-gbk", "gb18030"}, {"gb2312", "gb18030"}, {"gb_2312", "gb18030"},
    {"gb_2312-80", "gb18030"}, {"chinese", "gb18030"}, {"csgb2312", "gb18030"},
    {"csiso58gb231280", "gb18030"}, {"iso-ir-58", "gb18030"}, {"gb18030", "gb18030"},
    {"big5", "Big5-HKSCS"}, {"big5-hkscs", "Big5-HKSCS"}, {"cn-big5", "Big5-HKSCS"}, {"csbig5", "Big5-HKSCS"},
    {"x-x-big5", "Big5-HKSCS"},
    // Japanese.
    {"shift_jis", "windows-31j"}, {"shift-jis", "windows-31j"}, {"sjis", "windows-31j"}, {"x-sjis", "windows-31j"},
    {"ms932", "windows-31j"}, {"ms_kanji", "windows-31j"}, {"windows-31j", "windows-31j"},
    {"csshiftjis", "windows-31j"}, {"euc-jp", "EUC-JP"}, {"x-euc-jp", "EUC-JP"}, {"cseucpkdfmtjapanese", "EUC-JP"},
    {"iso-2022-jp", "ISO-2022-JP"}, {"csiso2022jp", "ISO-2022-JP"},
    // Korean.
    {"euc-kr", "windows-949"}, {"cseuckr", "windows-949"}, {"korean", "windows-949"}, {"windows-949", "windows-949"},
    {"ks_c_5601-1987", "windows-949"}, {"ks_c_5601-1989", "windows-949"}, {"ksc5601", "windows-949"},
    {"ksc_5601", "windows-949"}, {"csksc56011987", "windows-949"}, {"iso-ir-149", "windows-949"},
    // UTF-16.
    {"utf-16", "UTF-16LE"}, {"utf-16le", "UTF-16LE"}, {"unicode", "UTF-16LE"}, {"ucs-2", "UTF-16LE"},
    {"csunicode", "UTF-16LE"}, {"iso-10646-ucs-2", "UTF-16LE"}, {"unicodefeff", "UTF-16LE"},
    {"utf-16be", "UTF-16BE"}, {"unicodefffe", "UTF-16BE"},
    // Single-byte families.
    {"iso-8859-2", "ISO-8859-2"}, {"latin2", "ISO-8859-2"}, {"l2", "ISO-8859-2"},
    {"iso-8859-5", "ISO-8859-5"}, {"cyrillic", "ISO-8859-5"}, {"iso-8859-7", "ISO-8859-7"}, {"greek", "ISO-8859-7"},
    {"iso-8859-15", "ISO-8859-15"}, {"latin9", "ISO-8859-15"}, {"l9", "ISO-8859-15"},
    {"iso-8859-9", "windows-1254"}, {"latin5", "windows-1254"}, {"l5", "windows-1254"},
    {"iso-8859-11", "windows-874"}, {"tis-620", "windows-874"}, {"windows-874", "windows-874"},
    {"windows-1250", "windows-1250"}, {"cp1250", "windows-1250"}, {"windows-1251", "windows-1251"},
    {"cp1251", "windows-1251"}, {"windows-1253", "windows-1253"}, {"windows-1254", "windows-1254"},
    {"windows-1255", "windows-1255"}, {"windows-1256", "windows-1256"}, {"windows-1257", "windows-1257"},
    {"windows-1258", "windows-1258"}, {"koi8-r", "KOI8-R"}, {"koi8", "KOI8-R"}, {"koi8-u", "KOI8-U"},
    {"macintosh", "macintosh"}, {"mac", "macintosh"},
};

// Counts and substitutes U+FFFD for every illegal, irregular or unassigned sequence.
struct CallbackCtx {
  uint64_t count = 0;
};

void CountingToU(const void* context, UConverterToUnicodeArgs* args, const char*, int32_t, UConverterCallbackReason reason,
                 UErrorCode* err) {
  if (reason != UCNV_ILLEGAL && reason != UCNV_IRREGULAR && reason != UCNV_UNASSIGNED) return;
  auto* ctx = static_cast<CallbackCtx*>(const_cast<void*>(context));
  ++ctx->count;
  *err = U_ZERO_ERROR;
  static const UChar kFffd = 0xFFFD;
  ucnv_cbToUWriteUChars(args, &kFffd, 1, 0, err);
}

// Valid multi-byte sequences versus invalid units: is this UTF-8 with a few bad bytes?
bool MostlyUtf8(std::string_view s) {
  uint64_t good = 0, bad = 0;
  size_t i = 0;
  const size_t limit = std::min<size_t>(s.size(), 1 << 20);
  while (i < limit) {
    if (static_cast<uint8_t>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    bool valid;
    size_t len = Utf8Unit(s, i, &valid);
    (valid ? good : bad) += 1;
    i += len;
  }
  return good >= 2 * bad;
}

}  // namespace

std::string CharsetForLabel(std::string_view label) {
  size_t b = 0, e = label.size();
  auto junk = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"' || c == '\'' || c == '\f'; };
  while (b < e && junk(label[b])) ++b;
  while (e > b && junk(label[e - 1])) --e;
  std::string l = Lower(label.substr(b, e - b));
  for (const LabelRow& r : kLabels)
    if (l == r.label) return r.icu;
  return {};
}

std::string SniffMetaCharset(std::string_view raw) {
  std::string head = Lower(raw.substr(0, std::min<size_t>(raw.size(), 64 << 10)));
  size_t body = head.find("<body");
  if (body != std::string::npos) head.resize(body);
  size_t pos = 0;
  while ((pos = head.find("<meta", pos)) != std::string::npos) {
    size_t end = head.find('>', pos);
    if (end == std::string::npos) end = head.size();
    std::string_view tag(head.data() + pos, end - pos);
    size_t c = tag.find("charset");
    while (c != std::string_view::npos) {
      size_t k = c + 7;
      while (k < tag.size() && (tag[k] == ' ' || tag[k] == '\t' || tag[k] == '\n' || tag[k] == '\r')) ++k;
      if (k < tag.size() && tag[k] == '=') {
        ++k;
        while (k < tag.size() && (tag[k] == ' ' || tag[k] == '"' || tag[k] == '\'' || tag[k] == '\t')) ++k;
        size_t v = k;
        while (k < tag.size() && (std::isalnum(static_cast<unsigned char>(tag[k])) || tag[k] == '-' || tag[k] == '_' ||
                                  tag[k] == ':' || tag[k] == '.' || tag[k] == '+'))
          ++k;
        if (k > v) return std::string(tag.substr(v, k - v));
      }
      c = tag.find("charset", c + 7);
    }
    pos = end;
  }
  return {};
}

Decoder::Decoder() = default;

Decoder::~Decoder() {
  for (auto& [name, cnv] : converters_) ucnv_close(cnv);
  if (detector_) ucsdet_close(detector_);
}

UConverter* Decoder::Converter(const std::string& name) {
  auto it = converters_.find(name);
  if (it != converters_.end()) {
    ucnv_reset(it->second);
    return it->second;
  }
  UErrorCode st = U_ZERO_ERROR;
  UConverter* cnv = ucnv_open(name.c_str(), &st);
  if (U_FAILURE(st) || !cnv) {
    if (name == "Big5-HKSCS") return Converter("Big5");
    return nullptr;
  }
  converters_[name] = cnv;
  return cnv;
}

uint64_t Decoder::Convert(UConverter* cnv, std::string_view raw, size_t skip, std::string* out, OffsetMap* map) {
  CallbackCtx ctx;
  UErrorCode st = U_ZERO_ERROR;
  ucnv_setToUCallBack(cnv, CountingToU, &ctx, nullptr, nullptr, &st);
  constexpr size_t kChunk = 1 << 16;
  ubuf_.resize(kChunk);
  offsets_.resize(kChunk);
  const char* src = raw.data() + skip;
  const char* src_end = raw.data() + raw.size();
  // The piece being built: raw begin and the UTF-8 bytes produced from it.
  int64_t cur_b = -1;
  size_t cur_out = 0;
  UChar pending_lead = 0;
  int64_t pending_off = 0;
  auto close_piece = [&](uint64_t raw_end) {
    if (cur_b < 0) return;
    size_t len = out->size() - cur_out;
    uint64_t b = static_cast<uint64_t>(cur_b);
    if (len == 1 && raw_end == b + 1 && (*out)[cur_out] == raw[b])
      map->AddCopy(b, 1);
    else
      map->AddReplace(RawSpan(b, std::max(raw_end, b)), len);
  };
  auto emit = [&](UChar32 c, int64_t off) {
    if (off < cur_b) off = cur_b;  // never go backwards
    if (off != cur_b) {
      close_piece(static_cast<uint64_t>(off));
      cur_b = off;
      cur_out = out->size();
    }
    char enc[4];
    int len = 0;
    if (c < 0x80) {
      enc[len++] = static_cast<char>(c);
    } else if (c < 0x800) {
      enc[len++] = static_cast<char>(0xC0 | (c >> 6));
      enc[len++] = static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      enc[len++] = static_cast<char>(0xE0 | (c >> 12));
      enc[len++] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      enc[len++] = static_cast<char>(0x80 | (c & 0x3F));
    } else {
      enc[len++] = static_cast<char>(0xF0 | (c >> 18));
      enc[len++] = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      enc[len++] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      enc[len++] = static_cast<char>(0x80 | (c & 0x3F));
    }
    out->append(enc, static_cast<size_t>(len));
  };
  for (;;) {
    const char* call_src = src;
    UChar* target = ubuf_.data();
    UChar* target_limit = target + kChunk;
    int32_t* offs = offsets_.data();
    st = U_ZERO_ERROR;
    ucnv_toUnicode(cnv, &target, target_limit, &src, src_end, offs, /*flush=*/true, &st);
    size_t produced = static_cast<size_t>(target - ubuf_.data());
    int64_t base = call_src - raw.data();
    for (size_t k = 0; k < produced; ++k) {
      UChar u = ubuf_[k];
      int64_t off = offsets_[k] >= 0 ? base + offsets_[k] : (cur_b >= 0 ? cur_b : base);
      if (pending_lead) {
        if (U16_IS_TRAIL(u)) {
          emit(U16_GET_SUPPLEMENTARY(pending_lead, u), pending_off);
          pending_lead = 0;
          continue;
        }
        emit(0xFFFD, pending_off);
        pending_lead = 0;
      }
      if (U16_IS_LEAD(u)) {
        pending_lead = u;
        pending_off = off;
        continue;
      }
      emit(U16_IS_TRAIL(u) ? 0xFFFD : u, off);
    }
    if (st == U_BUFFER_OVERFLOW_ERROR) continue;
    break;
  }
  if (pending_lead) emit(0xFFFD, pending_off);
  close_piece(raw.size());
  return ctx.count;
}

// Note [UTF-16 and UTF-32 without a BOM]
// ASCII text in UTF-16 or UTF-32 is valid UTF-8 byte for byte ("N\0I\0O\0"), so without this
// check such a file passed as UTF-8, every letter split by NULs, and was stored as done with no
// facts and no word. News text in UTF-8 holds no NUL bytes at all, while the same text in these
// encodings has NULs in fixed byte lanes: UTF-32 has the top byte of every 4 zero (and, outside
// the supplementary planes, the next one too), UTF-16 of mostly-Latin text the high byte of most
// units. So the lanes of the first 64 KB decide, and the document is decoded, not skipped (its
// facts are as good as any). Text in UTF-16 with few Latin characters (Chinese, say) has no such
// pattern; it is left to the detector below, as before.
static std::string WideCharsetByNulLanes(std::string_view raw) {
  size_t n = std::min<size_t>(raw.size(), 1 << 16) & ~size_t{3};
  if (n < 8) return "";
  size_t zero[4] = {0, 0, 0, 0};
  for (size_t i = 0; i < n; ++i) zero[i & 3] += raw[i] == '\0';
  size_t quads = n / 4, units = n / 2;
  auto most = [](size_t z, size_t of) { return z * 10 >= of * 9; };  // >= 90%
  auto few = [](size_t z, size_t of) { return z * 2 < of; };         // < 50%
  if (zero[3] == quads && most(zero[2], quads) && few(zero[0], quads)) return "UTF-32LE";
  if (zero[0] == quads && most(zero[1], quads) && few(zero[3], quads)) return "UTF-32BE";
  size_t even = zero[0] + zero[2], odd = zero[1] + zero[3];
  // Half the units of Latin text at least; the other lane almost never zero.
  if (odd * 2 >= units && even * 20 < units) return "UTF-16LE";
  if (even * 2 >= units && odd * 20 < units) return "UTF-16BE";
  return "";
}

bool Decoder::Decode(std::string_view raw, std::string_view charset_hint, bool html, std::string* out,
                     OffsetMap* map, DecodeInfo* info) {
  info->html = html;
  info->invalid_sequences = 0;
  std::string icu_name;
  size_t skip = 0;
  // 1. BOM (a UTF-8 BOM stays in the text: the normalizer drops U+FEFF, and the bytes stay raw).
  if (raw.size() >= 3 && raw.substr(0, 3) == "\xEF\xBB\xBF") {
    icu_name = "UTF-8";
    info->charset_source = "bom";
  } else if (raw.size() >= 4 && raw.substr(0, 4) == std::string_view("\xFF\xFE\0\0", 4)) {
    // Before UTF-16LE's BOM, which is its prefix.
    icu_name = "UTF-32LE";
    skip = 4;
    info->charset_source = "bom";
  } else if (raw.size() >= 4 && raw.substr(0, 4) == std::string_view("\0\0\xFE\xFF", 4)) {
    icu_name = "UTF-32BE";
    skip = 4;
    info->charset_source = "bom";
  } else if (raw.size() >= 2 && raw.substr(0, 2) == "\xFF\xFE") {
    icu_name = "UTF-16LE";
    skip = 2;
    info->charset_source = "bom";
  } else if (raw.size() >= 2 && raw.substr(0, 2) == "\xFE\xFF") {
    icu_name = "UTF-16BE";
    skip = 2;
    info->charset_source = "bom";
  }
  // 2. Declared charset.
  if (icu_name.empty() && !charset_hint.empty()) {
    icu_name = CharsetForLabel(charset_hint);
    if (!icu_name.empty()) info->charset_source = "http";
  }
  // 3. HTML meta (a meta cannot declare UTF-16: the bytes that carry it are ASCII).
  if (icu_name.empty() && html) {
    std::string label = SniffMetaCharset(raw);
    if (!label.empty()) {
      icu_name = CharsetForLabel(label);
      if (icu_name == "UTF-16LE" || icu_name == "UTF-16BE") icu_name = "UTF-8";
      if (!icu_name.empty()) info->charset_source = "meta";
    }
  }
  // 4. Undeclared: UTF-8 when the bytes are (nearly) valid UTF-8, else ICU's detector.
  size_t valid_prefix = std::string::npos;
  if (icu_name.empty()) {
    icu_name = WideCharsetByNulLanes(raw);
    if (!icu_name.empty()) info->charset_source = "detected";
  }
  if (icu_name.empty()) {
    valid_prefix = ValidUtf8Prefix(raw);
    if (valid_prefix == raw.size() || MostlyUtf8(raw)) {
      icu_name = "UTF-8";
      info->charset_source = "default";
    } else {
      UErrorCode st = U_ZERO_ERROR;
      if (!detector_) detector_ = ucsdet_open(&st);
      if (detector_) {
        st = U_ZERO_ERROR;
        ucsdet_enableInputFilter(detector_, html);
        ucsdet_setText(detector_, raw.data(), static_cast<int32_t>(std::min<size_t>(raw.size(), 1 << 16)), &st);
        const UCharsetMatch* match = ucsdet_detect(detector_, &st);
        if (U_SUCCESS(st) && match) {
          const char* name = ucsdet_getName(match, &st);
          int32_t conf = ucsdet_getConfidence(match, &st);
          if (U_SUCCESS(st) && name && conf >= 10) icu_name = CharsetForLabel(name);
          // Without a BOM, UTF-16 is only plausible when NUL bytes abound (ASCII as UTF-16):
          // the detector also says UTF-16 for random bytes, which would turn English into CJK.
          if (icu_name == "UTF-16LE" || icu_name == "UTF-16BE") {
            size_t sample = std::min<size_t>(raw.size(), 1 << 16), nul = 0;
            for (size_t i = 0; i < sample; ++i) nul += raw[i] == '\0';
            if (nul * 5 < sample) icu_name.clear();
          }
        }
      }
      if (icu_name.empty()) icu_name = "windows-1252";
      info->charset_source = "detected";
    }
  }
  info->charset = icu_name;
  if (icu_name == "UTF-8") {
    if (valid_prefix == std::string::npos) valid_prefix = ValidUtf8Prefix(raw);
    if (valid_prefix == raw.size()) return true;
    out->append(raw.data(), valid_prefix);
    map->AddCopy(0, valid_prefix);
    info->invalid_sequences = RepairUtf8(raw.substr(valid_prefix), valid_prefix, out, map);
    return false;
  }
  UConverter* cnv = Converter(icu_name);
  if (!cnv) {  // cannot happen for names in kLabels; be safe: repair as UTF-8
    info->charset = "UTF-8";
    info->invalid_sequences = RepairUtf8(raw, 0, out, map);
    return false;
  }
  if (skip > 0) map->AddReplace(RawSpan(0, skip), 0);
  info->invalid_sequences = Convert(cnv, raw, skip, out, map);
  return false;
}

}  // namespace quarry::text
