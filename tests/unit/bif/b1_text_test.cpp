// ERTS's term printer and the text BIFs (bif/erlang_terms_display.cpp,
// bif/erlang_terms_text.cpp). Every expected string was printed by erl
// (OTP 25) with erlang:display/1 or returned by the *_to_list BIFs.
#include <unistd.h>

#include <cstdio>

#include "b1_test_util.h"
#include "bif/erlang_terms_display.h"
#include "term/map.h"

namespace girder {
namespace {

using namespace b1test;

Term codes(Heap& h, std::initializer_list<Sint> cs) {
  std::vector<Term> v;
  for (Sint c : cs) v.push_back(make_small(c));
  return make_list_from(h, v.data(), v.size());
}

TEST(B1Text, Atoms) {
  EXPECT_EQ(display_text(A("true")), "true");
  EXPECT_EQ(display_text(A("")), "''");
  EXPECT_EQ(display_text(A("[]")), "'[]'");
  EXPECT_EQ(display_text(A("hello world")), "'hello world'");
  EXPECT_EQ(display_text(A("aB_9@")), "'aB_9@'");  // '@' needs quotes here
  EXPECT_EQ(display_text(atom::nonode_at_nohost), "'nonode@nohost'");
  EXPECT_EQ(display_text(A("Hello")), "'Hello'");
  EXPECT_EQ(display_text(atom_put("\xC3\x9F"
                                  "a")),
            "\xC3\x9F"
            "a");                                                 // 'ßa' unquoted
  EXPECT_EQ(display_text(atom_put("\xC3\xB7")), "'\xC3\xB7'");    // '÷'
  EXPECT_EQ(display_text(atom_put("a\xC3\x97")), "'a\xC3\x97'");  // 'a×'
  // list_to_atom([1,$a,10,39,92,200,128,1000,$\t])
  Term odd =
      atom_put(std::string("\x01"
                           "a\n'\\\xC3\x88\xC2\x80\xCF\xA8\t"));
  EXPECT_EQ(display_text(odd), "'\\001a\\n\\'\\\\\xC3\x88\\200\xCF\xA8\\t'");
}

TEST(B1Text, ListsAndStrings) {
  Process p;
  Heap& h = p.heap;
  EXPECT_EQ(display_text(str(h, "abc")), "\"abc\"");
  EXPECT_EQ(display_text(str(h, "ab\n")), "\"ab\\n\"");
  EXPECT_EQ(display_text(NIL), "[]");
  EXPECT_EQ(display_text(list_of(h, {I(1)}, I(2))), "[1|2]");
  EXPECT_EQ(display_text(list_of(h, {str(h, "a")}, str(h, "b"))), "[\"a\",98]");
  EXPECT_EQ(display_text(list_of(h, {NIL})), "[[]]");
  // DEL and form feed are not printable; tab, CR and 160..255 are
  EXPECT_EQ(display_text(codes(h, {97, 34, 92, 9, 13, 127})), "[97,34,92,9,13,127]");
  EXPECT_EQ(display_text(codes(h, {97, 34, 92, 9, 13, 12})), "[97,34,92,9,13,12]");
  EXPECT_EQ(display_text(codes(h, {97, 34, 92, 9, 13, 160, 255})), "\"a\\\"\\\t\r\xA0\xFF\"");
  EXPECT_EQ(display_text(codes(h, {97, 1000})), "[97,1000]");
}

TEST(B1Text, NumbersTuplesBinaries) {
  Process p;
  Heap& h = p.heap;
  EXPECT_EQ(display_text(I(-3)), "-3");
  EXPECT_EQ(display_text(make_float(h, 1.5)), "1.500000e+00");
  EXPECT_EQ(display_text(make_float(h, -1.5e-300)), "-1.500000e-300");
  EXPECT_EQ(display_text(make_float(h, 1e301)), "1.000000e+301");
  EXPECT_EQ(display_text(make_float(h, -0.0)), "-0.000000e+00");
  EXPECT_EQ(display_text(make_integer(h, Sint(1) << 62)), "4611686018427387904");
  EXPECT_EQ(display_text(make_tuple(h, {})), "{}");
  EXPECT_EQ(display_text(make_tuple(h, {A("a"), make_tuple(h, {I(1)}), NIL})), "{a,{1},[]}");
  EXPECT_EQ(display_text(bin(h, "")), "<<>>");
  EXPECT_EQ(display_text(bin(h, "a\"\\b")), "<<\"a\\\"\\b\">>");
  EXPECT_EQ(display_text(bin(h, "a\n")), "<<97,10>>");
  uint8_t one_bit = 0x80;
  EXPECT_EQ(display_text(new_bitstring(h, &one_bit, 0, 1)), "<<1:1>>");
  uint8_t abc5[4] = {'a', 'b', 'c', 5 << 5};
  EXPECT_EQ(display_text(new_bitstring(h, abc5, 0, 27)), "<<97,98,99,5:3>>");
  // the same bits starting at an odd bit offset
  Term whole = new_binary(h, abc5, 4);
  uint8_t shifted[5] = {0, 0, 0, 0, 0};
  copy_bits(abc5, 0, shifted, 5, 27);
  Term sub = make_sub_bitstring(h, new_binary(h, shifted, 5), 5, 27);
  EXPECT_EQ(display_text(sub), "<<97,98,99,5:3>>");
  EXPECT_EQ(display_text(make_sub_bitstring(h, whole, 8, 16)), "<<\"bc\">>");
}

TEST(B1Text, PidsPortsRefsFuns) {
  Process p;
  Heap& h = p.heap;
  Term pid = make_local_pid((Uint(2) << PID_NUMBER_BITS) | 9);
  EXPECT_EQ(display_text(pid), "<0.9.2>");
  EXPECT_EQ(list_text(call(erlang_pid_to_list_1, p, {pid})), "<0.9.2>");
  EXPECT_EQ(list_text(call(erlang_port_to_list_1, p, {make_local_port(5)})), "#Port<0.5>");
  auto* r = reinterpret_cast<RefThing*>(h.alloc(REF_WORDS));
  r->header = make_header(REF_WORDS - 1, SUB_REF);
  r->num[0] = 87307;
  r->num[1] = 3974103041u;
  r->num[2] = 2085477499u;
  r->num[3] = 0;
  Term ref = make_boxed(reinterpret_cast<Term*>(r));
  EXPECT_EQ(list_text(call(erlang_ref_to_list_1, p, {ref})), "#Ref<0.2085477499.3974103041.87307>");

  Term* ep = h.alloc(EXPORT_THING_WORDS);
  ep[0] = make_header(EXPORT_THING_WORDS - 1, SUB_EXPORT);
  reinterpret_cast<ExportThing*>(ep)->ep = export_put(A("A b"), A("c d"), 0);
  EXPECT_EQ(list_text(call(erlang_fun_to_list_1, p, {make_boxed(ep)})), "fun 'A b':'c d'/0");

  FunEntry fe{};
  fe.module = A("A b");  // the module of a closure prints unquoted
  fe.index = 42;
  fe.old_uniq = 3316493;
  Term* fp = h.alloc(FUN_FIXED_WORDS);
  auto* ft = reinterpret_cast<FunThing*>(fp);
  ft->header = make_header(FUN_FIXED_WORDS - 1, SUB_FUN);
  ft->entry = &fe;
  ft->arity = 1;
  ft->num_free = 0;
  ft->creator = pid;
  EXPECT_EQ(list_text(call(erlang_fun_to_list_1, p, {make_boxed(fp)})), "#Fun<A b.42.3316493>");

  EXPECT_TRUE(raised(p, call(erlang_pid_to_list_1, p, {A("x")}), atom::badarg));
  EXPECT_TRUE(raised(p, call(erlang_port_to_list_1, p, {pid}), atom::badarg));
  EXPECT_TRUE(raised(p, call(erlang_ref_to_list_1, p, {pid}), atom::badarg));
  EXPECT_TRUE(raised(p, call(erlang_fun_to_list_1, p, {A("x")}), atom::badarg));
}

TEST(B1Text, Maps) {
  Process p;
  Heap& h = p.heap;
  EXPECT_EQ(display_text(map_new_empty(h)), "#{}");
  Term keys[2] = {A("a"), str(h, "k")};
  Term vals[2] = {I(1), NIL};
  EXPECT_EQ(display_text(map_from_pairs(h, keys, vals, 2)), "#{a=>1,\"k\"=>[]}");
}

TEST(B1Text, DeepTermsDoNotRecurse) {
  Process p;
  Heap& h = p.heap;
  Term t = NIL;
  for (int i = 0; i < 1'000'000; i++) t = make_tuple(h, {t});
  std::string s = display_text(t);
  EXPECT_EQ(s.size(), 2'000'002u);
  EXPECT_EQ(s.substr(0, 3), "{{{");
}

TEST(B1Text, ListToPid) {
  Process p;
  Heap& h = p.heap;
  Term pid = call(erlang_list_to_pid_1, p, {str(h, "<0.1.2>")});
  ASSERT_TRUE(is_local_pid(pid));
  EXPECT_EQ(pid_number(pid), 1u);
  EXPECT_EQ(pid_serial(pid), 2u);
  EXPECT_EQ(call(erlang_list_to_pid_1, p, {str(h, "<0.00001.2>")}), pid);
  EXPECT_EQ(call(erlang_list_to_pid_1, p, {str(h, std::string("<0.1.2>\0", 8))}), pid);
  EXPECT_EQ(list_text(call(erlang_pid_to_list_1, p,
                           {call(erlang_list_to_pid_1, p, {str(h, "<0.32767.8191>")})})),
            "<0.32767.8191>");
  // the serial wraps at 2^64 like ERTS's parser: <0.0.18446744073709551616> is <0.0.0>
  EXPECT_EQ(call(erlang_list_to_pid_1, p, {str(h, "<0.0.18446744073709551616>")}),
            make_local_pid(0));
  EXPECT_EQ(call(erlang_list_to_pid_1, p, {str(h, "<0.1." + std::string(57, '0') + "2>")}), pid);
  for (const char* bad : {"<0.1.2", "<1.1.2>", "<0.1.2>x", "< 0.1.2>", "<0.32768.0>", "<0.0.8192>",
                          "<0..2>", "<0.-1.2>", "<4294967296.1.2>", ""}) {
    EXPECT_TRUE(raised(p, call(erlang_list_to_pid_1, p, {str(h, bad)}), atom::badarg)) << bad;
  }
  EXPECT_TRUE(raised(p,
                     call(erlang_list_to_pid_1, p, {str(h, "<0.1." + std::string(58, '0') + "2>")}),
                     atom::badarg));
  EXPECT_TRUE(raised(p, call(erlang_list_to_pid_1, p, {A("x")}), atom::badarg));
  EXPECT_TRUE(
      raised(p, call(erlang_list_to_pid_1, p, {list_of(h, {I('<')}, A("x"))}), atom::badarg));
}

TEST(B1Text, ListToPort) {
  Process p;
  Heap& h = p.heap;
  EXPECT_EQ(call(erlang_list_to_port_1, p, {str(h, "#Port<0.5>")}), make_local_port(5));
  EXPECT_EQ(call(erlang_list_to_port_1, p, {str(h, "#Port<0.05>")}), make_local_port(5));
  EXPECT_EQ(call(erlang_list_to_port_1, p, {str(h, "#Port<0.268435455>")}),
            make_local_port(268435455));
  EXPECT_EQ(call(erlang_list_to_port_1, p, {str(h, "#Port<4294967296.5>")}), make_local_port(5));
  EXPECT_EQ(call(erlang_list_to_port_1, p, {str(h, "#Port<0.18446744073709551616>")}),
            make_local_port(0));
  EXPECT_EQ(call(erlang_list_to_port_1, p, {str(h, std::string("#Port<0.5>\0x", 12))}),
            make_local_port(5));
  std::string max_len = "#Port<0." + std::string(28, '0') + "5>";  // 38 characters
  EXPECT_EQ(call(erlang_list_to_port_1, p, {str(h, max_len)}), make_local_port(5));
  for (const std::string& bad : std::vector<std::string>{
           "#Port<0.5", "#Port<0.5>xyz", "#Port< 0.5>", "#Port<0.+5>", "#Port<0.268435456>",
           "#Port<0.4294967296>", "#Port<1.5>", "#port<0.5>", "#Port<0.>", "#Port<.5>",
           "#Port<0." + std::string(29, '0') + "5>"}) {
    EXPECT_TRUE(raised(p, call(erlang_list_to_port_1, p, {str(h, bad)}), atom::badarg)) << bad;
  }
}

TEST(B1Text, ListToRef) {
  Process p;
  Heap& h = p.heap;
  Term ref = call(erlang_list_to_ref_1, p, {str(h, "#Ref<0.1.2.3>")});
  ASSERT_TRUE(is_local_ref(ref));
  EXPECT_EQ(display_text(ref), "#Ref<0.1.2.3>");
  EXPECT_EQ(display_text(call(erlang_list_to_ref_1, p, {str(h, "#Ref<0.01.2.0000000003>")})),
            "#Ref<0.1.2.3>");
  EXPECT_EQ(display_text(call(erlang_list_to_ref_1, p, {str(h, "#Ref<0.1.2.262143>")})),
            "#Ref<0.1.2.262143>");
  EXPECT_EQ(
      display_text(call(erlang_list_to_ref_1, p, {str(h, "#Ref<0.18446744073709551616.2.3>")})),
      "#Ref<0.0.2.3>");
  std::string max_len = "#Ref<0.1.2." + std::string(58, '0') + "5>";  // 71 characters
  EXPECT_EQ(display_text(call(erlang_list_to_ref_1, p, {str(h, max_len)})), "#Ref<0.1.2.5>");
  for (const std::string& bad : std::vector<std::string>{
           "#Ref<0.1.2>", "#Ref<0.1>", "#Ref<0.1.2.3.4>", "#Ref<0.1.2.3.4.5>",
           "#Ref<0.4294967296.2.3>", "#Ref<1.1.2.3>", "#Ref<0.1.2.262144>", "#Ref<0.1.2.3>x",
           "#Ref<0.1.2.3", "#ref<0.1.2.3>", "#Ref<0.1.2." + std::string(59, '0') + "5>"}) {
    EXPECT_TRUE(raised(p, call(erlang_list_to_ref_1, p, {str(h, bad)}), atom::badarg)) << bad;
  }
}

// Runs f with file descriptor fd redirected to a temporary file; returns
// what was written.
template <class F>
std::string capture_fd(int fd, F f) {
  std::fflush(nullptr);
  FILE* tmp = std::tmpfile();
  int saved = dup(fd);
  dup2(fileno(tmp), fd);
  f();
  dup2(saved, fd);
  close(saved);
  std::string out;
  std::rewind(tmp);
  int c;
  while ((c = std::fgetc(tmp)) != EOF) out += char(c);
  std::fclose(tmp);
  return out;
}

TEST(B1Text, DisplayWritesLinesWithCr) {
  Process p;
  Heap& h = p.heap;
  Term t = make_tuple(h, {A("a"), str(h, "b")});
  Term result = THE_NON_VALUE;
  std::string out = capture_fd(STDOUT_FILENO, [&] { result = call(erlang_display_1, p, {t}); });
  EXPECT_EQ(result, atom::am_true);
  EXPECT_EQ(out, "{a,\"b\"}\r\n");

  out = capture_fd(STDERR_FILENO, [&] {
    result = call(erlang_display_string_1, p, {codes(h, {'a', '\n', 1000, 233})});
  });
  EXPECT_EQ(result, atom::am_true);
  EXPECT_EQ(out, "a\r\n\xCF\xA8\xC3\xA9");
  EXPECT_EQ(capture_fd(STDERR_FILENO, [&] { call(erlang_display_string_1, p, {NIL}); }), "");
  EXPECT_TRUE(raised(p, call(erlang_display_string_1, p, {codes(h, {0xD800})}), atom::badarg));
  EXPECT_TRUE(raised(p, call(erlang_display_string_1, p, {bin(h, "a")}), atom::badarg));
  EXPECT_TRUE(
      raised(p, call(erlang_display_string_1, p, {list_of(h, {str(h, "a")})}), atom::badarg));
}

}  // namespace
}  // namespace girder
