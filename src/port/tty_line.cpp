#include "port/tty_line.h"
#include "port/utf8.h"

#include <ctype.h>
#include <wchar.h>

#include <algorithm>

namespace girder {

namespace {

constexpr uint32_t CONTROL_TAG = 0x10000000;
constexpr uint32_t ESCAPED_TAG = 0x01000000;
constexpr uint32_t TAG_MASK = 0xFF000000;

bool continuation(uint8_t b) { return (b & 0xC0) == 0x80; }

// How \ooo or \x{H...} shows c after the backslash: three octal digits up
// to \777, else x{...} with upper-case hex digits.
std::string escape_digits(uint32_t c) {
  static const char hex[] = "0123456789ABCDEF";
  if (c < 01000) return {char('0' + ((c >> 6) & 7)), char('0' + ((c >> 3) & 7)), char('0' + (c & 7))};
  std::string digits;
  for (uint32_t v = c; v; v >>= 4) digits.insert(digits.begin(), hex[v & 15]);
  return "x{" + digits + "}";
}

// C's % and / on negative cell numbers are what ERTS computes with too.
int col(int cell, int cols) { return cell % cols; }
int line(int cell, int cols) { return cell / cols; }

}  // namespace

int next_utf8(std::string_view s, size_t* pos) {
  size_t left = s.size() - *pos;
  if (left == 0) return -1;
  const auto* b = reinterpret_cast<const uint8_t*>(s.data() + *pos);
  uint32_t c;
  size_t len;
  if (b[0] < 0x80) {
    c = b[0];
    len = 1;
  } else if ((b[0] & 0xE0) == 0xC0) {
    if (left < 2) return -2;
    if (!continuation(b[1]) || b[0] < 0xC2) return -1;
    c = (uint32_t(b[0] & 0x1F) << 6) | (b[1] & 0x3F);
    len = 2;
  } else if ((b[0] & 0xF0) == 0xE0) {
    if (left < 3) return -2;
    if (!continuation(b[1]) || !continuation(b[2]) || (b[0] == 0xE0 && b[1] < 0xA0)) return -1;
    if ((b[0] & 0xF) == 0xD && (b[1] & 0x20)) return -1;                     // surrogates
    if (b[0] == 0xEF && b[1] == 0xBF && (b[2] == 0xBE || b[2] == 0xBF)) return -1;  // U+FFFE, U+FFFF
    c = (uint32_t(b[0] & 0xF) << 12) | (uint32_t(b[1] & 0x3F) << 6) | (b[2] & 0x3F);
    len = 3;
  } else if ((b[0] & 0xF8) == 0xF0) {
    if (left < 4) return -2;
    if (!continuation(b[1]) || !continuation(b[2]) || !continuation(b[3]) || (b[0] == 0xF0 && b[1] < 0x90))
      return -1;
    if ((b[0] & 7) > 4 || ((b[0] & 7) == 4 && (b[1] & 0x3F) > 0xF)) return -1;  // above U+10FFFF
    c = (uint32_t(b[0] & 7) << 18) | (uint32_t(b[1] & 0x3F) << 12) | (uint32_t(b[2] & 0x3F) << 6) |
        (b[3] & 0x3F);
    len = 4;
  } else {
    return -1;
  }
  *pos += len;
  return int(c);
}

bool append_utf8(uint32_t c, std::string* out) {
  if (c >= 0x110000 || (c >= 0xD800 && c <= 0xDFFF) || c == 0xFFFE || c == 0xFFFF) return false;
  utf8_append(c, out);
  return true;
}

TtyLine::TtyLine(const TermCaps& caps, int columns, locale_t loc) : caps_(caps), loc_(loc) {
  set_columns(columns);
}

uint32_t& TtyLine::cell(int i) {
  if (size_t(i) >= cells_.size()) cells_.resize(size_t(i) + 1, 0);
  return cells_[size_t(i)];
}

bool TtyLine::printable(int ch) const {
  if (utf8_ && ch >= 128) return true;
  return ch <= 255 && (loc_ ? isprint_l(ch, loc_) : isprint(ch));
}

// A cell's width on the screen: wcwidth of the cell as it is, so a tagged
// cell (not a character) counts nothing, as in ERTS.
int TtyLine::width(uint32_t c) const {
  if (c & TAG_MASK) return 0;
  locale_t old = loc_ ? uselocale(loc_) : nullptr;
  int w = wcwidth(wchar_t(c));
  if (loc_) uselocale(old);
  return w > 0 ? w : 0;
}

// Cells of an ANSI escape sequence starting at cell i (ESC [ digits and
// semicolons, then one more cell, whatever it is), or 0 if none does.
int TtyLine::ansi_escape_cells(int i) const {
  int max = llen_ - i;
  if (cells_[size_t(i)] != (CONTROL_TAG | '\033')) return 0;
  if (max <= 1) return 1;
  if (cells_[size_t(i) + 1] != '[') return 2;
  int k = 2;
  while (k < max && (cells_[size_t(i + k)] == ';' || (cells_[size_t(i + k)] >= '0' && cells_[size_t(i + k)] <= '9')))
    k++;
  return k + 1;
}

int TtyLine::column_of(int i) const {
  int col = 0;
  if (i > llen_) {
    col += i - llen_;  // past the end: one column a cell
    i = llen_;
  }
  for (int k = 0; k < i;) {
    int esc = ansi_escape_cells(k);
    if (esc > 0) {
      k += esc;
    } else {
      col += width(cells_[size_t(k)]);
      k++;
    }
  }
  return col;
}

void TtyLine::repeat(const std::string& seq, int n, std::string* out) const {
  for (; n > 0; n--) out->append(seq);
}

int TtyLine::move_cursor(int from, int to, std::string* out) {
  int from_col = column_of(from), to_col = column_of(to);
  int dc = col(to_col, cols_) - col(from_col, cols_);
  int dl = line(to_col, cols_) - line(from_col, cols_);
  if (dl > 0) repeat(caps_.down, dl, out);
  else repeat(caps_.up, -dl, out);
  if (dc > 0) repeat(caps_.right, dc, out);
  else repeat(caps_.left, -dc, out);
  return to_col - from_col;
}

// Writes text at the cursor, overwriting; returns the cells written since
// the last line end it met (a newline or CR sends what came before it, the
// line end, and starts a new line with what followed the cursor).
int TtyLine::insert(std::string_view s, std::string* out) {
  int start = lpos_;
  size_t pos = 0;
  while (pos < s.size()) {
    int ch = next_utf8(s, &pos);
    if (ch < 0) ch = uint8_t(s[pos++]);  // not UTF-8: the byte as it is
    if (printable(ch)) {
      cell(lpos_++) = uint32_t(ch);
    } else if (ch >= 128) {
      size_t digits = escape_digits(uint32_t(ch)).size();
      cell(lpos_++) = uint32_t(ch) | ESCAPED_TAG;
      while (digits--) cell(lpos_++) = ESCAPED_TAG;
    } else if (ch == '\t') {
      do {
        cell(lpos_++) = CONTROL_TAG | uint32_t(ch);
        ch = 0;
      } while (lpos_ % 8);
    } else if (ch == '\033') {
      cell(lpos_++) = CONTROL_TAG | uint32_t(ch);
    } else if (ch == '\n' || ch == '\r') {
      write(start, lpos_ - start, out);
      out->push_back('\r');
      if (ch == '\n') out->push_back('\n');
      if (llen_ > lpos_) std::copy(cells_.begin() + lpos_, cells_.begin() + llen_, cells_.begin());
      llen_ -= lpos_;
      lpos_ = start = 0;
    } else {
      cell(lpos_++) = uint32_t(ch) | CONTROL_TAG;
      cell(lpos_++) = CONTROL_TAG;
    }
  }
  return lpos_ - start;
}

// Sends n cells from `from`; a cursor left in column 0 of a terminal with
// the xn glitch is made to wrap by rewriting the last character there.
void TtyLine::write(int from, int n, std::string* out) {
  std::string last_utf8;
  int lastput = ' ';  // 0: the last was written as UTF-8 (last_utf8)
  int i = from;
  while (n > 0) {
    uint32_t c = cell(i);
    if (!(c & TAG_MASK)) {
      if (utf8_) {
        std::string bytes;
        if (append_utf8(c, &bytes)) {
          out->append(bytes);
          last_utf8 = bytes;
          lastput = 0;
        }
      } else {
        out->push_back(char(c));
        lastput = uint8_t(c);
      }
      n--;
      i++;
    } else if (c == (CONTROL_TAG | '\t')) {
      out->push_back(char(lastput = ' '));
      n--;
      i++;
      for (; n > 0 && cell(i) == CONTROL_TAG; n--, i++) out->push_back(' ');
    } else if (c == (CONTROL_TAG | '\033')) {
      out->push_back(char(lastput = '\033'));
      n--;
      i++;
    } else if (c & CONTROL_TAG) {
      // ERTS compares the tagged cell with DEL, which never matches: DEL
      // shows as ^ and the DEL byte itself
      out->push_back('^');
      out->push_back(char(lastput = uint8_t(c | 0x40)));
      n -= 2;
      i += 2;
    } else {
      std::string digits = escape_digits(c & ~TAG_MASK);
      out->push_back('\\');
      out->append(digits);
      lastput = uint8_t(digits.back());
      n -= int(digits.size()) + 1;
      i += int(digits.size()) + 1;
    }
  }
  if (caps_.xn && i != 0 && col(column_of(i), cols_) == 0) {
    if (i >= llen_) out->push_back(' ');
    else if (lastput == 0) out->append(last_utf8);
    else out->push_back(char(lastput));
    repeat(caps_.left, 1, out);
  }
}

// The cell n characters after (before, n < 0) the cursor, stepping over
// the padding cells of control and escaped characters and tabs.
int TtyLine::step_over(int n) const {
  auto padding = [&](int i) {
    uint32_t c = cells_[size_t(i)];
    return (c & TAG_MASK) && !(c & ~TAG_MASK);
  };
  int c = lpos_;
  for (; n > 0 && c < llen_; n--) {
    c++;
    while (c < llen_ && padding(c)) c++;
  }
  for (; n < 0 && c > 0; n++) {
    c--;
    while (c > 0 && padding(c)) c--;
  }
  return c;
}

void TtyLine::put_chars(std::string_view text, std::string* out) {
  int n = insert(text, out);
  if (lpos_ > llen_) llen_ = lpos_;
  if (n > 0) write(lpos_ - n, n, out);
}

void TtyLine::move(int n, std::string* out) {
  int to = step_over(n);
  move_cursor(lpos_, to, out);
  lpos_ = to;
}

void TtyLine::insert_chars(std::string_view text, std::string* out) {
  std::vector<uint32_t> tail;
  if (llen_ > lpos_) tail.assign(cells_.begin() + lpos_, cells_.begin() + llen_);
  int n = insert(text, out);
  for (size_t k = 0; k < tail.size(); k++) cell(lpos_ + int(k)) = tail[k];
  llen_ += n;
  write(lpos_ - n, llen_ - (lpos_ - n), out);
  move_cursor(llen_, lpos_, out);
}

// Deletes n characters after (before, n < 0) the cursor: what followed
// moves up, blanks cover the columns freed at the end, the cursor goes back.
void TtyLine::delete_chars(int n, std::string* out) {
  int to = step_over(n);
  if (to == lpos_) return;
  int gone, after, columns;
  if (to > lpos_) {
    gone = to - lpos_;
    after = std::max(0, llen_ - to);
    columns = column_of(to) - column_of(lpos_);
    std::copy(cells_.begin() + to, cells_.begin() + to + after, cells_.begin() + lpos_);
  } else {
    gone = lpos_ - to;
    after = std::max(0, llen_ - lpos_);
    columns = -move_cursor(lpos_, to, out);
    std::copy(cells_.begin() + lpos_, cells_.begin() + lpos_ + after, cells_.begin() + to);
    lpos_ = to;
  }
  llen_ -= gone;
  write(lpos_, after, out);
  out->append(size_t(std::max(0, columns)), ' ');
  if (caps_.xn && col(column_of(llen_) + columns, cols_) == 0) {
    out->push_back(' ');
    repeat(caps_.left, 1, out);
  }
  move_cursor(llen_ + columns, lpos_, out);
}

}  // namespace girder
