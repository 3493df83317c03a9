// The line that the tty_sl driver edits for OTP's user_drv (ERTS:
// ttsl_drv.c's line buffer): the text of the current terminal line, the
// cursor's place in it, and the bytes that make the terminal show each
// change. user_drv sends the edits: put characters (overwriting), move the
// cursor, insert, delete; a newline (or CR, or ESC) ends the line.
//
// The line is kept as cells, one per character: a printable character;
// a control character shown as ^X (two cells, CONTROL); ESC (one cell,
// sent as it is: colour sequences pass through); a tab padded with spaces
// to the next multiple of 8 cells (CONTROL); without UTF-8, a character
// above 255 or unprintable shown as \ooo or \x{H} (ESCAPED, one cell per
// byte shown). Where a cell is on the screen is the sum of the widths
// (wcwidth) of the plain characters before it; ERTS 25 gives every tagged
// cell, and the cells of an ESC [ digits ; m sequence, no width, and so
// does this. Cursor motions are the terminal's (port/terminfo.h): moving
// from column a to column b goes up or down LINE(b) - LINE(a) rows, then
// right or left COL(b) - COL(a) columns, for the window width. The byte
// sequences are ERTS's, quirks included (DEL shows as ^ and the DEL byte;
// a cursor that lands in column 0 of a terminal with the xn glitch is
// pushed there by rewriting the last character and stepping back).
#pragma once

#include <locale.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "port/terminfo.h"

namespace girder {

// The next UTF-8 character of s at *pos, as ERTS's driver decodes it
// (overlong forms, surrogates, U+FFFE/U+FFFF and values above U+10FFFF are
// invalid): its code (advancing *pos), -1 if invalid, -2 if s ends inside
// it.
int next_utf8(std::string_view s, size_t* pos);
// Appends c as UTF-8; false (nothing appended) if c is not a character.
bool append_utf8(uint32_t c, std::string* out);

class TtyLine {
 public:
  // loc: the locale that says which characters print and how wide they
  // are (ERTS: the process locale after setlocale(LC_CTYPE, "")).
  TtyLine(const TermCaps& caps, int columns, locale_t loc);
  void set_columns(int columns) { cols_ = columns > 0 ? columns : 80; }
  void set_utf8(bool on) { utf8_ = on; }
  bool utf8() const { return utf8_; }
  // The edits; each appends to *out what the terminal must be sent.
  void put_chars(std::string_view utf8_text, std::string* out);
  void move(int n, std::string* out);
  void insert_chars(std::string_view utf8_text, std::string* out);
  void delete_chars(int n, std::string* out);
  // Where the cursor is, in cells from the start of the line.
  int position() const { return lpos_; }

 private:
  uint32_t& cell(int i);
  bool printable(int ch) const;
  int width(uint32_t cell) const;
  int insert(std::string_view s, std::string* out);
  void write(int from, int n, std::string* out);
  // Moves from cell `from` to cell `to`; returns the columns moved.
  int move_cursor(int from, int to, std::string* out);
  // The screen column (from the line's start) of cell i.
  int column_of(int i) const;
  int ansi_escape_cells(int i) const;
  int step_over(int n) const;
  void repeat(const std::string& seq, int n, std::string* out) const;

  TermCaps caps_;
  int cols_ = 80;
  locale_t loc_;
  bool utf8_ = false;
  std::vector<uint32_t> cells_;  // at least llen_ of them
  int llen_ = 0;                 // cells in the line
  int lpos_ = 0;                 // the cursor's cell
};

}  // namespace girder
