// The few terminal capabilities the tty_sl driver needs, read from the
// compiled terminfo database (what ERTS gets through termcap's tgetstr:
// up, do, le, nd, the xn flag and the column count), without linking a
// curses library.
#pragma once

#include <string>

namespace girder {

struct TermCaps {
  std::string up;     // cursor up one line (cuu1)
  std::string down;   // cursor down one line (cud1)
  std::string left;   // cursor left one column (a backspace, as ERTS uses)
  std::string right;  // cursor right one column (cuf1)
  bool xn = false;    // eat_newline_glitch: the cursor stays at the right margin
  int columns = 0;    // cols (0 if the entry has none)
};

// The capabilities of terminal type `term` from the terminfo directories
// ($TERMINFO, ~/.terminfo, /etc/terminfo, /lib/terminfo,
// /usr/share/terminfo). False if there is no entry, or it lacks one of
// the four cursor motions (a dumb terminal: ERTS's driver refuses it too).
bool load_term_caps(const std::string& term, TermCaps* out);

// Parses a compiled terminfo entry (the legacy and the 32-bit-number
// formats). False if it is malformed or lacks a cursor motion.
bool parse_terminfo(const std::string& data, TermCaps* out);

}  // namespace girder
