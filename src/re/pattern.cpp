// Compiling patterns, their bytes in a {re_pattern, ...} term, and the
// cache of compiled programs (pattern.h).
#define PCRE2_CODE_UNIT_WIDTH 8
#include "re/pattern.h"

#include <pcre2.h>

#include <cstring>
#include <mutex>
#include <unordered_map>

#include "re/char_tables.h"
#include "re/pattern_source.h"

namespace girder::re {

namespace {

// PCRE 8 as ERTS builds it refuses capturing groups nested this deep
// ("regular expression is too complicated"); PCRE2's own default is 250.
constexpr uint32_t PARENS_NEST_LIMIT = 798;

uint32_t pcre2_newline(uint8_t bits) {
  switch (bits) {
    case NL_CR: return PCRE2_NEWLINE_CR;
    case NL_LF: return PCRE2_NEWLINE_LF;
    case NL_CRLF: return PCRE2_NEWLINE_CRLF;
    case NL_ANY: return PCRE2_NEWLINE_ANY;
    case NL_ANYCRLF: return PCRE2_NEWLINE_ANYCRLF;
    default: return 0;
  }
}

// ---- the bytes in a {re_pattern, ...} term -------------------------------------
//   "GiRE", format version, compile options (4 bytes, little-endian),
//   newline bits, \R bits, then the pattern's text.
constexpr char MAGIC[4] = {'G', 'i', 'R', 'E'};
constexpr uint8_t FORMAT_VERSION = 1;
constexpr size_t HEADER_SIZE = 11;

// ---- the cache ------------------------------------------------------------------
// Sharded by the hash of the pattern's bytes; each shard keeps its most
// recently used programs. A program that leaves the cache lives on while a
// running match still holds it.
class PatternCache {
 public:
  PatternPtr find(const std::string& key) {
    Shard& s = shard(key);
    std::lock_guard<std::mutex> lock(s.mutex);
    auto it = s.map.find(key);
    if (it == s.map.end()) return nullptr;
    it->second.last_use = ++s.clock;
    return it->second.pattern;
  }
  void insert(const std::string& key, PatternPtr p) {
    Shard& s = shard(key);
    std::lock_guard<std::mutex> lock(s.mutex);
    if (s.map.size() >= PER_SHARD && !s.map.count(key)) {
      auto oldest = s.map.begin();
      for (auto it = s.map.begin(); it != s.map.end(); ++it)
        if (it->second.last_use < oldest->second.last_use) oldest = it;
      s.map.erase(oldest);
    }
    s.map[key] = Entry{std::move(p), ++s.clock};
  }

 private:
  static constexpr size_t SHARDS = 16;
  static constexpr size_t PER_SHARD = 64;
  struct Entry {
    PatternPtr pattern;
    uint64_t last_use;
  };
  struct Shard {
    std::mutex mutex;
    std::unordered_map<std::string, Entry> map;
    uint64_t clock = 0;
  };
  Shard& shard(const std::string& key) { return shards_[std::hash<std::string>{}(key) % SHARDS]; }
  Shard shards_[SHARDS];
};

// Never destroyed: a dirty scheduler may still be matching while the VM
// exits and static objects go.
PatternCache& cache() {
  static PatternCache* c = new PatternCache;
  return *c;
}

std::string_view up_to_nul(std::string_view s) {
  size_t nul = s.find('\0');
  return nul == std::string_view::npos ? s : s.substr(0, nul);
}

CompileResult compile_uncached(std::string_view source, const CompileSpec& spec) {
  uint32_t newline = pcre2_newline(spec.newline);
  if ((spec.newline && !newline) || spec.bsr == (BSR_ANYCRLF | BSR_UNICODE))
    return {nullptr, inconsistent_newline_error()};
  TranslatedPattern text(source, (spec.options & PCRE2_EXTENDED) != 0);
  pcre2_compile_context* ctx = pcre2_compile_context_create(nullptr);
  if (!ctx) return {nullptr, {"failed to get memory", 0}};
  pcre2_set_character_tables(ctx, latin1_tables());
  pcre2_set_parens_nest_limit(ctx, PARENS_NEST_LIMIT);
  // PCRE 8 allows \K in lookarounds
  pcre2_set_compile_extra_options(ctx, PCRE2_EXTRA_ALLOW_LOOKAROUND_BSK);
  if (newline) pcre2_set_newline(ctx, newline);
  if (spec.bsr) pcre2_set_bsr(ctx, spec.bsr == BSR_ANYCRLF ? PCRE2_BSR_ANYCRLF : PCRE2_BSR_UNICODE);
  int code;
  PCRE2_SIZE offset;
  // USE_OFFSET_LIMIT: the matcher may first look for a match near the
  // start offset only (matcher.h)
  pcre2_code* re = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(text.text().data()), text.text().size(),
                                 spec.options | PCRE2_USE_OFFSET_LIMIT, &code, &offset, ctx);
  pcre2_compile_context_free(ctx);
  if (!re) return {nullptr, erts_compile_error(code, text.original_offset(offset), source)};
  return {std::make_shared<const Pattern>(re), {}};
}

}  // namespace

Pattern::Pattern(pcre2_code* code) : code_(code) {
  pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &capture_count_);
  uint32_t all = 0;
  pcre2_pattern_info(code, PCRE2_INFO_ALLOPTIONS, &all);
  utf_ = (all & PCRE2_UTF) != 0;
  uint32_t nl = 0;
  pcre2_pattern_info(code, PCRE2_INFO_NEWLINE, &nl);
  use_crlf_ = nl == PCRE2_NEWLINE_ANY || nl == PCRE2_NEWLINE_CRLF || nl == PCRE2_NEWLINE_ANYCRLF;
  uint32_t count = 0, entry_size = 0;
  PCRE2_SPTR table = nullptr;
  pcre2_pattern_info(code, PCRE2_INFO_NAMECOUNT, &count);
  pcre2_pattern_info(code, PCRE2_INFO_NAMEENTRYSIZE, &entry_size);
  pcre2_pattern_info(code, PCRE2_INFO_NAMETABLE, &table);
  // each entry: the group number (2 bytes, most significant first), then
  // the name and a NUL
  for (uint32_t i = 0; i < count; i++) {
    PCRE2_SPTR e = table + size_t(i) * entry_size;
    Name n{uint32_t(e[0]) << 8 | e[1], reinterpret_cast<const char*>(e + 2)};
    if (!names_.empty() && names_.back().name == n.name) duplicate_names_ = true;
    names_.push_back(std::move(n));
  }
}

Pattern::~Pattern() { pcre2_code_free(code_); }

std::string serialize(std::string_view source, const CompileSpec& spec) {
  source = up_to_nul(source);
  std::string out(HEADER_SIZE, '\0');
  std::memcpy(out.data(), MAGIC, 4);
  out[4] = char(FORMAT_VERSION);
  for (int i = 0; i < 4; i++) out[5 + i] = char((spec.options >> (8 * i)) & 0xff);
  out[9] = char(spec.newline);
  out[10] = char(spec.bsr);
  out.append(source);
  return out;
}

bool deserialize(std::string_view bytes, CompileSpec* spec, std::string_view* source) {
  if (bytes.size() < HEADER_SIZE || std::memcmp(bytes.data(), MAGIC, 4) != 0 ||
      uint8_t(bytes[4]) != FORMAT_VERSION)
    return false;
  spec->options = 0;
  for (int i = 0; i < 4; i++) spec->options |= uint32_t(uint8_t(bytes[5 + i])) << (8 * i);
  spec->newline = uint8_t(bytes[9]);
  spec->bsr = uint8_t(bytes[10]);
  *source = bytes.substr(HEADER_SIZE);
  return true;
}

CompileResult compile(std::string_view source, const CompileSpec& spec) {
  std::string key = serialize(source, spec);
  if (PatternPtr p = cache().find(key)) return {p, {}};
  CompileResult r = compile_uncached(up_to_nul(source), spec);
  if (r.pattern) cache().insert(key, r.pattern);
  return r;
}

PatternPtr pattern_from_bytes(std::string_view bytes) {
  CompileSpec spec;
  std::string_view source;
  if (!deserialize(bytes, &spec, &source)) return nullptr;
  std::string key(bytes);
  if (PatternPtr p = cache().find(key)) return p;
  CompileResult r = compile_uncached(source, spec);
  if (r.pattern) cache().insert(key, r.pattern);
  return r.pattern;
}

}  // namespace girder::re
