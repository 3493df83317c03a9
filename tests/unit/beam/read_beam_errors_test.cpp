// read_beam on hand-made modules with one defect each: the message must
// name the chunk, the offset and the problem.
#include <gtest/gtest.h>

#include "beam/beam_file.h"
#include "beam_builder.h"
#include "term/atom_table.h"
#include "term/bignum.h"

namespace girder::beam {
namespace {

using namespace test;

// Reads `file`; returns "" on success, else the error.
std::string read_error(const Bytes& file, BeamFile* out = nullptr) {
  BeamFile bf;
  std::string error;
  bool ok = read_beam(file.data(), file.size(), bf, error);
  if (ok && out) *out = std::move(bf);
  return ok ? "" : error;
}

// File offset where the body of module_with_body starts.
size_t body_offset(const Bytes& file) {
  size_t at = 12;
  for (;;) {
    uint32_t size = get32(file, at + 4);
    if (std::string(file.begin() + at, file.begin() + at + 4) == "Code")
      return at + 8 + 20 + 2 + 4 + 2;  // header; label 1; func_info; label 2
    at += 8 + ((size + 3) & ~3u);
  }
}

::testing::AssertionResult fails_with(const Bytes& file, const std::string& expected) {
  std::string e = read_error(file);
  if (e.empty()) return ::testing::AssertionFailure() << "read succeeded";
  if (e.find(expected) == std::string::npos)
    return ::testing::AssertionFailure() << "error \"" << e << "\" lacks \"" << expected << "\"";
  return ::testing::AssertionSuccess();
}

Bytes move(const Bytes& src, const Bytes& dst) { return op(64, {src, dst}); }

TEST(ReadBeamErrors, MinimalModuleReads) {
  BeamFile bf;
  Bytes file = module_with_body(move(enc(A, 3), enc(X, 0))).build();
  ASSERT_EQ(read_error(file, &bf), "");
  EXPECT_EQ(atom_name(bf.module), "m");
  ASSERT_EQ(bf.code.size(), 6u);
  const GenericOp& mv = bf.code[3];
  EXPECT_EQ(mv.opcode, op_move);
  EXPECT_EQ(mv.args[0].kind, OperandKind::a);
  EXPECT_EQ(atom_name(mv.args[0].term), "ok");
  EXPECT_EQ(mv.args[1].kind, OperandKind::x);
  EXPECT_EQ(bf.code_chunk_offset + mv.offset, body_offset(file));
}

TEST(ReadBeamErrors, ContainerHeader) {
  Bytes file = module_with_body({}).build();
  Bytes bad = file;
  bad[3] = '2';
  EXPECT_EQ(read_error(bad), "file header at offset 0: not a BEAM file: no IFF header (FOR1)");
  bad = file;
  bad[11] = 'N';
  EXPECT_EQ(read_error(bad), "chunk directory at offset 8: not a BEAM file: IFF form type is 'BEAN'");
  bad = file;
  set32(bad, 4, uint32_t(file.size()));
  EXPECT_TRUE(fails_with(bad, "file header at offset 4: form size"));
  bad = file;
  set32(bad, 16, 0x7ffffff0);  // size of the first chunk
  EXPECT_EQ(read_error(bad), "chunk directory at offset 12: chunk AtU8 of size 2147483632 "
                             "extends past the end of the file");
}

TEST(ReadBeamErrors, MissingChunks) {
  for (const char* id : {"Code", "ImpT", "ExpT", "AtU8"}) {
    BeamBuilder b = module_with_body({});
    for (auto& c : b.chunks)
      if (c.first == id) c.first = "Xxxx";
    EXPECT_EQ(read_error(b.build()).rfind(std::string("chunk ") + id + ": required chunk missing", 0), 0u) << id;
  }
}

TEST(ReadBeamErrors, LatinOneAtomChunk) {
  BeamBuilder b = module_with_body({});
  b.chunks[0] = {"Atom", atom_chunk({"m\xe9", "f", "ok"})};
  BeamFile bf;
  ASSERT_EQ(read_error(b.build(), &bf), "");
  EXPECT_EQ(atom_name(bf.module), "m\xc3\xa9");
}

TEST(ReadBeamErrors, BadUtf8Atom) {
  BeamBuilder b = module_with_body({});
  b.chunks[0].second = atom_chunk({"m", "f\xc3", "ok"});
  EXPECT_TRUE(fails_with(b.build(), "chunk AtU8 at offset 26: atom 2 is not valid UTF-8"));
}

TEST(ReadBeamErrors, CodeHeader) {
  auto with_header = [](uint32_t labels, uint32_t functions, uint32_t max_op, uint32_t version) {
    BeamBuilder b = module_with_body({});
    Bytes& code = b.chunks[1].second;
    Bytes body(code.begin() + 20, code.end());
    code = code_chunk(body, labels, functions, max_op, version);
    return b.build();
  };
  EXPECT_TRUE(fails_with(with_header(3, 1, 181, 0), "max opcode 181"));
  EXPECT_TRUE(fails_with(with_header(3, 1, 180, 1), "instruction set version 1 (expected 0)"));
  EXPECT_TRUE(fails_with(with_header(3, 2, 180, 0),
                         "the header announces 2 functions, the code has 1"));
  EXPECT_TRUE(fails_with(with_header(2, 1, 180, 0), "label 2 out of range (2 labels)"));
  EXPECT_TRUE(fails_with(with_header(1000000, 1, 180, 0), "label count 1000000 exceeds"));
}

TEST(ReadBeamErrors, Opcodes) {
  Bytes file = module_with_body(op(250)).build();
  EXPECT_EQ(read_error(file),
            "chunk Code at offset " + std::to_string(body_offset(file)) + ": unknown opcode 250");
  EXPECT_TRUE(fails_with(module_with_body(op(181)).build(), "unknown opcode 181"));
  EXPECT_TRUE(fails_with(module_with_body(op(0)).build(), "unknown opcode 0"));
  EXPECT_TRUE(fails_with(module_with_body(op(70, {enc(U, 2), enc(X, 0)})).build(),
                         "obsolete instruction put_tuple (opcode 70)"));
}

TEST(ReadBeamErrors, Registers) {
  EXPECT_EQ(read_error(module_with_body(move(enc(X, 1023), enc(Y, 1023))).build()), "");
  EXPECT_TRUE(fails_with(module_with_body(move(enc(X, 1024), enc(X, 0))).build(),
                         "x register 1024 out of range"));
  EXPECT_TRUE(fails_with(module_with_body(move(enc(X, 0), enc(Y, 5000))).build(),
                         "y register 5000 out of range"));
}

TEST(ReadBeamErrors, OperandKinds) {
  EXPECT_TRUE(fails_with(module_with_body(move(enc(X, 0), enc(I, 5))).build(),
                         "operand 2 of move is an integer, expected a destination register"));
  EXPECT_TRUE(fails_with(module_with_body(op(61, {enc(F, 0)})).build(),
                         "operand 1 of jump is a label, expected a jump label"));
  EXPECT_TRUE(fails_with(module_with_body(op(61, {enc(X, 0)})).build(),
                         "operand 1 of jump is an x register"));
  EXPECT_TRUE(fails_with(module_with_body(move(enc(H, 65), enc(X, 0))).build(),
                         "character operand (tag h) is not supported"));
  // inline float, extended tag 0
  EXPECT_TRUE(fails_with(module_with_body(move(cat({enc(Z, 0), Bytes(8, 0)}), enc(X, 0))).build(),
                         "inline float operand"));
  EXPECT_TRUE(fails_with(module_with_body(move(enc(Z, 9), enc(X, 0))).build(),
                         "unknown extended tag 9"));
}

TEST(ReadBeamErrors, Indices) {
  EXPECT_TRUE(fails_with(module_with_body(move(enc(A, 4), enc(X, 0))).build(),
                         "atom index 4 out of range (3 atoms)"));
  EXPECT_TRUE(fails_with(module_with_body(op(61, {enc(F, 7)})).build(),
                         "label 7 out of range (3 labels)"));
  EXPECT_TRUE(fails_with(module_with_body(op(7, {enc(U, 0), enc(U, 0)})).build(),
                         "import index 0 of call_ext out of range (0)"));
  EXPECT_TRUE(fails_with(module_with_body(op(103, {enc(U, 0)})).build(),
                         "fun index 0 of make_fun2 out of range (0)"));
  EXPECT_TRUE(fails_with(module_with_body(move(cat({enc(Z, 4), enc(U, 0)}), enc(X, 0))).build(),
                         "literal index 0 out of range (0 literals)"));
  // a label in range that no label instruction defines
  EXPECT_TRUE(fails_with(module_with_body(op(61, {enc(F, 3)}), 4).build(),
                         "jump refers to label 3, which is not defined"));
}

TEST(ReadBeamErrors, Structure) {
  EXPECT_TRUE(fails_with(module_with_body(op(1, {enc(U, 2)})).build(), "label 2 defined twice"));
  EXPECT_TRUE(fails_with(module_with_body(op(1, {enc(U, 0)})).build(), "label 0 out of range"));
  BeamBuilder b = module_with_body({});
  Bytes& code = b.chunks[1].second;
  code.pop_back();  // int_code_end
  EXPECT_TRUE(fails_with(b.build(), "code ends without int_code_end"));
  // func_info must be followed by the entry label
  Bytes body = cat({op(1, {enc(U, 1)}), op(2, {enc(A, 1), enc(A, 2), enc(U, 0)}), op(19),
                    op(1, {enc(U, 2)}), op(19), op(3)});
  b.chunks[1].second = code_chunk(body, 3, 1);
  EXPECT_TRUE(fails_with(b.build(), "func_info is not followed by a label"));
  // the export names a label the code does not define
  b = module_with_body({}, 4);
  b.chunks[4].second = triple_table({{2, 0, 3}});
  EXPECT_TRUE(fails_with(b.build(), "chunk ExpT at offset"));
  EXPECT_TRUE(fails_with(b.build(), "entry 0 refers to label 3, which the code does not define"));
}

TEST(ReadBeamErrors, Tables) {
  BeamBuilder b = module_with_body({});
  b.chunks[3].second = triple_table({{1, 9, 0}});
  EXPECT_TRUE(fails_with(b.build(), "chunk ImpT at offset"));
  EXPECT_TRUE(fails_with(b.build(), "atom index 9 out of range (3 atoms)"));
  b.chunks[3].second = triple_table({{1, 2, 256}});
  EXPECT_TRUE(fails_with(b.build(), "arity 256 exceeds 255"));
  b.chunks[3].second = triple_table({{1, 2, 0}});
  set32(b.chunks[3].second, 0, 1000);
  EXPECT_TRUE(fails_with(b.build(), "import count 1000 exceeds the chunk size"));
  b.chunks[3].second = triple_table({});
  b.chunks[3].second.push_back(0);
  EXPECT_TRUE(fails_with(b.build(), "1 bytes left over after the last entry"));
}

TEST(ReadBeamErrors, IntegerOperands) {
  BeamFile bf;
  // -1 as two bytes, 2^62 in eight bytes, 2^100 and -2^100 in the long form
  __int128 big = __int128(1) << 100;
  Bytes body = cat({move(enc(I, -1), enc(X, 0)), move(enc(I, __int128(1) << 62), enc(X, 1)),
                    move(enc(I, big), enc(X, 2)), move(enc(I, -big), enc(X, 3)),
                    move(enc(I, 2047), enc(X, 4))});
  ASSERT_EQ(read_error(module_with_body(body).build(), &bf), "");
  Heap h;
  EXPECT_EQ(bf.code[3].args[0].term, make_small(-1));
  EXPECT_EQ(int_compare(bf.code[4].args[0].term, int_shift(h, make_small(1), 62)), 0);
  EXPECT_EQ(int_compare(bf.code[5].args[0].term, int_shift(h, make_small(1), 100)), 0);
  EXPECT_EQ(int_compare(bf.code[6].args[0].term, int_neg(h, int_shift(h, make_small(1), 100))), 0);
  EXPECT_EQ(bf.code[7].args[0].term, make_small(2047));
  // a u operand must fit in 63 bits
  Bytes nine = {0, 0x80, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_TRUE(fails_with(module_with_body(op(18, {enc_raw(U, nine)})).build(), "value too large"));
  // the length of a long number cannot itself have a long length
  EXPECT_TRUE(fails_with(module_with_body(op(18, {Bytes(100000, 0xF8)})).build(),
                         "malformed number length"));
}

TEST(ReadBeamErrors, ExtendedOperands) {
  BeamFile bf;
  Bytes alloc = cat({enc(Z, 3), enc(U, 2), enc(U, 0), enc(U, 5), enc(U, 1), enc(U, 2)});
  Bytes list = cat({enc(Z, 1), enc(U, 4), enc(I, 1), enc(F, 2), enc(A, 3), enc(F, 2)});
  Bytes body = cat({op(16, {alloc, enc(U, 1)}),                    // test_heap
                    op(96, {enc(X, 0), cat({enc(Z, 2), enc(U, 3)})}),  // fmove
                    op(59, {enc(X, 0), enc(F, 2), list})});         // select_val
  ASSERT_EQ(read_error(module_with_body(body).build(), &bf), "");
  const Operand& a = bf.code[3].args[0];
  ASSERT_EQ(a.kind, OperandKind::alloc);
  ASSERT_EQ(a.list.size(), 4u);
  EXPECT_EQ(a.list[1].index, 5u);
  EXPECT_EQ(a.list[2].index, 1u);
  EXPECT_EQ(bf.code[4].args[1].kind, OperandKind::fr);
  EXPECT_EQ(bf.code[4].args[1].index, 3u);
  const Operand& l = bf.code[5].args[2];
  ASSERT_EQ(l.kind, OperandKind::list);
  ASSERT_EQ(l.list.size(), 4u);
  EXPECT_EQ(l.list[2].term, bf.atoms[3]);

  Bytes too_many = cat({enc(Z, 3), enc(U, 4)});
  EXPECT_TRUE(fails_with(module_with_body(op(16, {too_many, enc(U, 1)})).build(),
                         "allocation list of 4 entries"));
  Bytes odd = cat({enc(Z, 1), enc(U, 1), enc(I, 1)});
  EXPECT_TRUE(fails_with(module_with_body(op(59, {enc(X, 0), enc(F, 2), odd})).build(),
                         "select_val: odd value/label list"));
  Bytes nested = cat({enc(Z, 1), enc(U, 1), enc(Z, 1), enc(U, 0)});
  EXPECT_TRUE(fails_with(module_with_body(op(59, {enc(X, 0), enc(F, 2), nested})).build(),
                         "list operand not allowed here"));
  Bytes huge = cat({enc(Z, 1), enc(U, 100000)});
  EXPECT_TRUE(fails_with(module_with_body(op(59, {enc(X, 0), enc(F, 2), huge})).build(),
                         "list length 100000 exceeds the chunk size"));
}

TEST(ReadBeamErrors, TypedRegisters) {
  Bytes typed = cat({enc(Z, 5), enc(X, 2), enc(U, 1)});
  Bytes body = move(typed, enc(X, 0));
  BeamFile bf;
  // no Type chunk: the type is ignored
  ASSERT_EQ(read_error(module_with_body(body).build(), &bf), "");
  EXPECT_EQ(bf.code[3].args[0].kind, OperandKind::x);
  EXPECT_EQ(bf.code[3].args[0].index, 2u);
  EXPECT_EQ(bf.code[3].args[0].type_index, -1);
  // a Type chunk of version 1 with two entries: index 1 is valid
  BeamBuilder b = module_with_body(body);
  Bytes types;
  put32(types, 1);
  put32(types, 2);
  types.resize(types.size() + 36);
  b.add("Type", types);
  ASSERT_EQ(read_error(b.build(), &bf), "");
  EXPECT_EQ(bf.code[3].args[0].type_index, 1);
  EXPECT_EQ(bf.type_count, 2u);
  // with one entry it is not
  set32(b.chunks.back().second, 4, 1);
  b.chunks.back().second.resize(8 + 18);
  EXPECT_TRUE(fails_with(b.build(), "type index 1 out of range (1 types)"));
  // a count that does not match the entries
  set32(b.chunks.back().second, 4, 3);
  EXPECT_TRUE(fails_with(b.build(), "chunk Type at offset"));
  // another version: ignored
  set32(b.chunks.back().second, 0, 7);
  ASSERT_EQ(read_error(b.build(), &bf), "");
  EXPECT_EQ(bf.type_count, 0u);
}

TEST(ReadBeamErrors, LineChunk) {
  auto line_chunk = [](uint32_t instrs, std::initializer_list<Bytes> items, uint32_t n_items,
                       std::initializer_list<std::string> names) {
    Bytes c;
    put32(c, 0);
    put32(c, 0);
    put32(c, instrs);
    put32(c, n_items);
    put32(c, uint32_t(names.size()));
    for (const Bytes& i : items) c.insert(c.end(), i.begin(), i.end());
    for (const std::string& n : names) {
      put16(c, uint16_t(n.size()));
      c.insert(c.end(), n.begin(), n.end());
    }
    return c;
  };
  Bytes body = cat({op(153, {enc(U, 1)}), op(153, {enc(U, 2)})});
  BeamBuilder b = module_with_body(body);
  b.add("Line", line_chunk(2, {enc(I, 10), enc(A, 1), enc(I, 20)}, 2, {"inc.hrl"}));
  BeamFile bf;
  ASSERT_EQ(read_error(b.build(), &bf), "");
  ASSERT_EQ(bf.line_items.size(), 3u);
  EXPECT_EQ(bf.line_items[1].line, 10u);
  EXPECT_EQ(bf.line_items[1].file_index, 0u);
  EXPECT_EQ(bf.line_items[2].line, 20u);
  EXPECT_EQ(bf.line_items[2].file_index, 1u);
  ASSERT_EQ(bf.line_files.size(), 2u);
  EXPECT_EQ(bf.line_files[0], "m.erl");
  EXPECT_EQ(bf.line_files[1], "inc.hrl");

  b.chunks.back().second = line_chunk(1, {enc(I, 10), enc(A, 1), enc(I, 20)}, 2, {"inc.hrl"});
  EXPECT_TRUE(fails_with(b.build(), "more line instructions than the Line chunk announces (1)"));
  b.chunks.back().second = line_chunk(2, {enc(I, 10)}, 1, {});
  EXPECT_TRUE(fails_with(b.build(), "line index 2 out of range (2 line items)"));
  b.chunks.back().second = line_chunk(2, {enc(I, 10), enc(A, 2), enc(I, 20)}, 2, {"inc.hrl"});
  EXPECT_TRUE(fails_with(b.build(), "file index 2 out of range (1 file names)"));
  b.chunks.back().second = line_chunk(2, {enc(I, 10), enc(X, 2), enc(I, 20)}, 2, {"inc.hrl"});
  EXPECT_TRUE(fails_with(b.build(), "chunk Line at offset"));
  b.chunks.back().second = line_chunk(2, {enc(I, 10), enc(I, -3)}, 2, {});
  EXPECT_TRUE(fails_with(b.build(), "line number out of range"));
  // a Line chunk of another version is ignored, and so are line indices
  b.chunks.back().second = line_chunk(0, {}, 0, {});
  set32(b.chunks.back().second, 0, 1);
  ASSERT_EQ(read_error(b.build(), &bf), "");
  EXPECT_TRUE(bf.line_items.empty());
}

TEST(ReadBeamErrors, Strings) {
  BeamBuilder b = module_with_body(op(92, {enc(U, 3), enc(U, 1)}));  // bs_put_string
  b.chunks[2].second = {'a', 'b', 'c', 'd'};
  EXPECT_EQ(read_error(b.build()), "");
  b.chunks[2].second = {'a', 'b', 'c'};
  EXPECT_TRUE(fails_with(b.build(), "string of 3 bytes at 1 exceeds the string table (3 bytes)"));
}

TEST(ReadBeamErrors, Literals) {
  BeamBuilder b = module_with_body(move(cat({enc(Z, 4), enc(U, 0)}), enc(X, 0)));
  Bytes lit;
  put32(lit, 1000000);  // far more than 8 compressed bytes can hold
  lit.resize(12, 0);
  b.add("LitT", lit);
  EXPECT_TRUE(fails_with(b.build(), "chunk LitT at offset"));
  EXPECT_TRUE(fails_with(b.build(), "is impossible for 8 compressed bytes"));
  set32(b.chunks.back().second, 0, 100);
  EXPECT_TRUE(fails_with(b.build(), "zlib: "));
}

}  // namespace
}  // namespace girder::beam
