#include "port/terminfo.h"

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <vector>

namespace girder {

namespace {

// term(5): a header of six little-endian 16-bit numbers, then the names,
// the booleans (padded to an even offset), the numbers, the string
// offsets and the string table.
constexpr int MAGIC_LEGACY = 0432;  // 16-bit numbers
constexpr int MAGIC_32BIT = 01036;  // 32-bit numbers
// Indices in the standard capability order (term.h).
constexpr int BOOL_XENL = 4;
constexpr int NUM_COLS = 0;
constexpr int STR_CUD1 = 11;
constexpr int STR_CUF1 = 17;
constexpr int STR_CUU1 = 19;

int le16(const std::string& d, size_t at) {
  return int(uint8_t(d[at])) | (int(uint8_t(d[at + 1])) << 8);
}

// A string capability without its padding requests ($<5>, which only
// slow terminals need: tputs waits or pads, a terminal emulator does not).
std::string without_padding(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); i++) {
    if (s[i] == '$' && i + 1 < s.size() && s[i + 1] == '<') {
      size_t end = s.find('>', i);
      if (end != std::string::npos) {
        i = end;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

}  // namespace

bool parse_terminfo(const std::string& d, TermCaps* out) {
  if (d.size() < 12) return false;
  int magic = le16(d, 0);
  if (magic != MAGIC_LEGACY && magic != MAGIC_32BIT) return false;
  size_t names = size_t(le16(d, 2)), bools = size_t(le16(d, 4)), nums = size_t(le16(d, 6)),
         strs = size_t(le16(d, 8)), table = size_t(le16(d, 10));
  size_t num_size = magic == MAGIC_32BIT ? 4 : 2;
  size_t at = 12 + names;
  size_t bool_at = at;
  at += bools;
  if (at % 2) at++;
  size_t num_at = at;
  at += nums * num_size;
  size_t str_at = at;
  at += strs * 2;
  size_t table_at = at;
  if (table_at + table > d.size()) return false;
  *out = TermCaps{};
  out->xn = bools > BOOL_XENL && d[bool_at + BOOL_XENL] == 1;
  if (nums > NUM_COLS) {
    int64_t v = le16(d, num_at);
    if (num_size == 4) v |= int64_t(le16(d, num_at + 2)) << 16;
    out->columns = v > 0 && v < 0x7fff ? int(v) : 0;
  }
  auto str = [&](size_t ix) -> std::string {
    if (ix >= strs) return "";
    int off = le16(d, str_at + 2 * ix);
    if (off == 0xffff || off == 0xfffe || size_t(off) >= table) return "";
    size_t start = table_at + size_t(off);
    size_t end = d.find('\0', start);
    if (end == std::string::npos || end > table_at + table) return "";
    return without_padding(d.substr(start, end - start));
  };
  out->up = str(STR_CUU1);
  out->down = str(STR_CUD1);
  out->right = str(STR_CUF1);
  // ERTS asks termcap: "do", or a newline; for left, a backspace when the
  // terminal's cursor-left is one ("bs") and otherwise "bc", which
  // terminfo hardly ever has, and then a backspace again
  if (out->down.empty()) out->down = "\n";
  out->left = "\b";
  return !out->up.empty() && !out->right.empty();
}

bool load_term_caps(const std::string& term, TermCaps* out) {
  if (term.empty() || term.find('/') != std::string::npos) return false;
  std::vector<std::string> dirs;
  if (const char* t = std::getenv("TERMINFO")) dirs.push_back(t);
  if (const char* h = std::getenv("HOME")) dirs.push_back(std::string(h) + "/.terminfo");
  for (const char* d : {"/etc/terminfo", "/lib/terminfo", "/usr/share/terminfo"}) dirs.push_back(d);
  static const char hex[] = "0123456789abcdef";
  for (const std::string& dir : dirs) {
    // entries live under their first letter, or its hex code on some systems
    std::string first(1, term[0]);
    std::string first_hex = {hex[uint8_t(term[0]) >> 4], hex[uint8_t(term[0]) & 15]};
    for (const std::string& sub : {first, first_hex}) {
      std::ifstream in(dir + "/" + sub + "/" + term, std::ios::binary);
      if (!in) continue;
      std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      return parse_terminfo(data, out);
    }
  }
  return false;
}

}  // namespace girder
