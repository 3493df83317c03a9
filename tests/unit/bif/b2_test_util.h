// Helpers for the B2 BIF tests (binaries, unicode, binary module,
// checksums): Erlang literal text -> terms, calling a BIF, and the result as
// ~w text (or "error:Reason"), so that expectations are erl's own output.
#pragma once

#include <gtest/gtest.h>

#include <cctype>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "bif/bif.h"
#include "term/atom_table.h"
#include "term/bignum.h"
#include "term/binary.h"
#include "term/print.h"

namespace girder::b2test {

// Parses an Erlang literal: integers, atoms, "strings", [lists | tails],
// {tuples} and <<binaries>> with Value[:Bits] and "string" segments.
class Literal {
 public:
  Literal(Heap& h, const std::string& text) : h_(h), s_(text), i_(0) {}

  Term parse() {
    Term t = value();
    ws();
    if (i_ != s_.size()) fail("trailing text");
    return t;
  }

 private:
  void fail(const char* why) {
    ADD_FAILURE() << "bad literal (" << why << ") at " << i_ << ": " << s_;
    throw std::runtime_error(why);
  }
  void ws() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) i_++;
  }
  bool eat(const char* tok) {
    ws();
    size_t n = std::strlen(tok);
    if (s_.compare(i_, n, tok) == 0) {
      i_ += n;
      return true;
    }
    return false;
  }
  void expect(const char* tok) {
    if (!eat(tok)) fail(tok);
  }

  Term value() {
    ws();
    if (i_ >= s_.size()) fail("end of text");
    char c = s_[i_];
    if (eat("<<")) return binary();
    if (c == '[') return list();
    if (c == '{') return tuple();
    if (c == '"') {
      std::vector<uint8_t> chars = bytes_of(string());
      return make_byte_list(h_, chars.data(), chars.size());
    }
    if (c == '\'') return quoted_atom();
    if (c == '-' || std::isdigit(static_cast<unsigned char>(c))) return integer();
    if (std::islower(static_cast<unsigned char>(c))) {
      size_t st = i_;
      while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_' || s_[i_] == '@'))
        i_++;
      return atom_put(s_.substr(st, i_ - st));
    }
    fail("unexpected character");
    return NIL;
  }

  Term integer() {
    size_t st = i_;
    if (s_[i_] == '-') i_++;
    while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) i_++;
    if (i_ < s_.size() && s_[i_] == '.') {
      i_++;
      while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) i_++;
      return make_float(h_, std::stod(s_.substr(st, i_ - st)));
    }
    std::string digits = s_.substr(st, i_ - st);
    if (digits.size() < 18) return make_small(std::stoll(digits));
    Term t = int_from_string(h_, digits.data(), digits.size(), 10);
    if (!is_value(t)) fail("integer");
    return t;
  }

  std::string string() {
    expect("\"");
    std::string out;
    while (i_ < s_.size() && s_[i_] != '"') {
      if (s_[i_] == '\\' && i_ + 1 < s_.size()) i_++;
      out += s_[i_++];
    }
    expect("\"");
    return out;
  }
  static std::vector<uint8_t> bytes_of(const std::string& s) { return {s.begin(), s.end()}; }

  Term quoted_atom() {
    i_++;
    size_t st = i_;
    while (i_ < s_.size() && s_[i_] != '\'') i_++;
    std::string name = s_.substr(st, i_ - st);
    i_++;
    return atom_put(name);
  }

  Term list() {
    expect("[");
    if (eat("]")) return NIL;
    std::vector<Term> elems;
    Term tail = NIL;
    do {
      elems.push_back(value());
    } while (eat(","));
    if (eat("|")) tail = value();
    expect("]");
    return make_list_from(h_, elems.data(), elems.size(), tail);
  }

  Term tuple() {
    expect("{");
    std::vector<Term> elems;
    if (!eat("}")) {
      do {
        elems.push_back(value());
      } while (eat(","));
      expect("}");
    }
    Term* p = h_.alloc(elems.size() + 1);
    p[0] = make_header(elems.size(), SUB_TUPLE);
    for (size_t k = 0; k < elems.size(); k++) p[k + 1] = elems[k];
    return make_boxed(p);
  }

  Term binary() {
    std::vector<uint8_t> bits;  // one entry per bit
    ws();
    if (!eat(">>")) {
      do {
        ws();
        if (s_[i_] == '"') {
          for (char ch : string())
            for (int b = 7; b >= 0; b--) bits.push_back((uint8_t(ch) >> b) & 1);
          continue;
        }
        Term v = integer();
        Sint val = small_value(v);
        int size = 8;
        if (eat(":")) size = int(small_value(integer()));
        for (int b = size - 1; b >= 0; b--) bits.push_back((Uint(val) >> b) & 1);
      } while (eat(","));
      expect(">>");
    }
    std::vector<uint8_t> bytes((bits.size() + 7) / 8, 0);
    for (size_t k = 0; k < bits.size(); k++)
      if (bits[k]) bytes[k / 8] |= uint8_t(0x80 >> (k % 8));
    return new_bitstring(h_, bytes.data(), 0, bits.size());
  }

  Heap& h_;
  std::string s_;
  size_t i_;
};

inline Term T(Heap& h, const std::string& text) { return Literal(h, text).parse(); }

// Calls f with the elements of the list `args` (Erlang text) and returns the
// result as ~w text, or "error:Reason" if it raised.
inline std::string run(BifFn f, Process& p, const std::string& args) {
  std::vector<Term> a;
  for (Term l = T(p.heap, args); is_list(l); l = cdr(l)) a.push_back(car(l));
  p.exc_class = p.exc_reason = THE_NON_VALUE;
  Term r = f(&p, a.data());
  if (!is_value(r)) {
    if (!is_value(p.exc_class)) return "no exception set";
    return atom_to_text(p.exc_class) + ":" + term_to_text(p.exc_reason);
  }
  return term_to_text(r);
}

struct Case {
  BifFn fn;
  const char* name;
  const char* args;
  const char* expected;
};

inline void run_cases(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    Process p;
    EXPECT_EQ(run(c.fn, p, c.args), c.expected) << c.name << c.args;
  }
}

// A bitstring over `bytes` that starts `bit_offset` bits into them (a
// sub-binary that is not byte-aligned), for testing the unaligned paths.
inline Term unaligned(Heap& h, const std::vector<uint8_t>& bytes, Uint bit_offset, Uint bit_size) {
  Term orig = new_binary(h, bytes.data(), bytes.size());
  return make_sub_bitstring(h, orig, bit_offset, bit_size);
}

}  // namespace girder::b2test
