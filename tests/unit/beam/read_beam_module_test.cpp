// read_beam on a module compiled from tests/data/beam/beam_small.erl: the
// tables and operands it must produce.
#include <gtest/gtest.h>

#include "beam/beam_file.h"
#include "term/atom_table.h"
#include "term/bignum.h"
#include "test_util.h"

namespace girder::beam {
namespace {

class SmallModule : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir = new test::TempDir;
    data = test::read_file(test::compile_module(*dir, "beam_small"));
  }
  static void TearDownTestSuite() {
    delete dir;
    dir = nullptr;
  }
  void SetUp() override {
    ASSERT_FALSE(data.empty()) << "erlc failed";
    ASSERT_TRUE(read_beam(data.data(), data.size(), bf, error)) << error;
  }

  // Every operand of every instruction, lists flattened.
  template <typename Fn>
  void each_operand(Fn fn) {
    for (const GenericOp& op : bf.code)
      for (const Operand& o : op.args) {
        fn(op, o);
        for (const Operand& item : o.list) fn(op, item);
      }
  }

  static test::TempDir* dir;
  static std::vector<uint8_t> data;
  BeamFile bf;
  std::string error;
};
test::TempDir* SmallModule::dir;
std::vector<uint8_t> SmallModule::data;

bool has_function(const std::vector<ExportDef>& t, const char* name, uint32_t arity) {
  for (const ExportDef& e : t)
    if (atom_name(e.function) == name && e.arity == arity) return true;
  return false;
}

TEST_F(SmallModule, Tables) {
  EXPECT_EQ(atom_name(bf.module), "beam_small");
  EXPECT_EQ(bf.atoms[1], bf.module);
  EXPECT_TRUE(has_function(bf.exports, "sum", 1));
  EXPECT_TRUE(has_function(bf.exports, "module_info", 1));
  EXPECT_TRUE(has_function(bf.exports, "h\xc3\xa9llo", 0));  // AtU8 name
  EXPECT_FALSE(has_function(bf.exports, "nope", 0));
  EXPECT_EQ(bf.exports.size(), 16u);
  ASSERT_EQ(bf.funs.size(), 2u);  // the funs in sum/1 and mk/1
  // mk/1's fun captures N; sum/1's captures nothing
  EXPECT_EQ(bf.funs[0].num_free + bf.funs[1].num_free, 1u);
  bool foldl = false;
  for (const Import& im : bf.imports)
    foldl |= atom_name(im.module) == "lists" && atom_name(im.function) == "foldl" &&
             im.arity == 3;
  EXPECT_TRUE(foldl);
  EXPECT_FALSE(bf.literals.empty());
  ASSERT_FALSE(bf.line_files.empty());
  EXPECT_EQ(bf.line_files[0], "beam_small.erl");
  EXPECT_GT(bf.line_items.size(), 10u);
  EXPECT_GT(bf.type_count, 0u);
  EXPECT_TRUE(is_list(bf.attributes));
  EXPECT_TRUE(is_list(bf.compile_info));
  // 16 exported functions and the two funs' local functions
  EXPECT_EQ(bf.function_count, 18u);
  EXPECT_EQ(bf.code.back().opcode, op_int_code_end);
}

TEST_F(SmallModule, LinesAreInOneFile) {
  // All code is in beam_small.erl. erlc was given a full path, so the
  // chunk names that path (file 1) rather than the implicit file 0.
  uint32_t max_line = 0;
  const uint32_t file = bf.line_items.at(1).file_index;
  ASSERT_LT(file, bf.line_files.size());
  const std::string& name = bf.line_files[file];
  EXPECT_EQ(name.substr(name.size() - 15), "/beam_small.erl");
  for (size_t i = 1; i < bf.line_items.size(); ++i) {
    EXPECT_EQ(bf.line_items[i].file_index, file);
    max_line = std::max(max_line, bf.line_items[i].line);
  }
  EXPECT_GT(max_line, 40u);
  EXPECT_LT(max_line, 70u);
}

TEST_F(SmallModule, BigIntegerOperands) {
  // add_big: 2^100 (13 bytes, long form); is_huge: 2^62 (8 bytes, not a
  // small on a 60-bit small); sub_big: -2^70... appears as + with a
  // negative operand or - with a positive one.
  bool seen_2_100 = false, seen_2_62 = false, seen_2_70 = false;
  Heap h;
  Term two_100 = int_shift(h, make_small(1), 100);
  Term two_62 = int_shift(h, make_small(1), 62);
  Term two_70 = int_shift(h, make_small(1), 70);
  each_operand([&](const GenericOp&, const Operand& o) {
    if (o.kind != OperandKind::i || is_small(o.term)) return;
    Term mag = big_is_neg(o.term) ? int_neg(h, o.term) : o.term;
    seen_2_100 |= int_compare(mag, two_100) == 0;
    seen_2_62 |= int_compare(mag, two_62) == 0;
    seen_2_70 |= int_compare(mag, two_70) == 0;
  });
  EXPECT_TRUE(seen_2_100);
  EXPECT_TRUE(seen_2_62);
  EXPECT_TRUE(seen_2_70);
}

TEST_F(SmallModule, OperandKinds) {
  bool typed = false, fr = false, alloc = false, literal = false, list = false;
  each_operand([&](const GenericOp&, const Operand& o) {
    typed |= o.type_index >= 0;
    fr |= o.kind == OperandKind::fr;
    alloc |= o.kind == OperandKind::alloc;
    list |= o.kind == OperandKind::list;
    if (o.kind == OperandKind::literal) {
      literal = true;
      EXPECT_EQ(o.term, bf.literals.at(o.index));
    }
    if (o.type_index >= 0) {
      EXPECT_LT(uint32_t(o.type_index), bf.type_count);
    }
  });
  EXPECT_TRUE(typed);
  EXPECT_TRUE(fr);
  EXPECT_TRUE(alloc);
  EXPECT_TRUE(literal);
  EXPECT_TRUE(list);
}

TEST_F(SmallModule, InstructionsMatchTheTable) {
  for (const GenericOp& op : bf.code) {
    const OpInfo& info = op_info(op.opcode);
    ASSERT_NE(info.name, nullptr);
    EXPECT_FALSE(info.obsolete) << info.name;
    EXPECT_EQ(op.args.size(), info.arity) << info.name;
    EXPECT_LT(op.offset, data.size());
  }
}

TEST_F(SmallModule, Disassembly) {
  std::string text = disassemble(bf);
  EXPECT_NE(text.find("{function, sum, 1, "), std::string::npos) << text;
  EXPECT_NE(text.find("{func_info,{atom,beam_small},{atom,sum},1}"), std::string::npos);
  EXPECT_NE(text.find("{call_ext_only,3,{extfunc,lists,foldl,3}}"), std::string::npos);
  EXPECT_NE(text.find("{fr,"), std::string::npos);
  EXPECT_NE(text.find("{integer,1267650600228229401496703205376}"), std::string::npos);
  EXPECT_NE(text.find("{literal,[1,2,3]}"), std::string::npos);
  EXPECT_NE(text.find("{alloc,[{words,0},{floats,0},{funs,1}]}"), std::string::npos);
  EXPECT_NE(text.find("beam_small.erl\","), std::string::npos);
  EXPECT_NE(text.find("int_code_end."), std::string::npos);
}

}  // namespace
}  // namespace girder::beam

namespace girder::beam {
namespace {

// beam_onload.erl: code from an include file (two files in the Line
// chunk) and an on_load function.
TEST(OnLoadModule, LineFilesAndOnLoad) {
  test::TempDir dir;
  std::vector<uint8_t> data = test::read_file(test::compile_module(dir, "beam_onload"));
  ASSERT_FALSE(data.empty());
  BeamFile bf;
  std::string error;
  ASSERT_TRUE(read_beam(data.data(), data.size(), bf, error)) << error;
  ASSERT_EQ(bf.line_files.size(), 3u);
  EXPECT_EQ(bf.line_files[0], "beam_onload.erl");
  auto ends_with = [](const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
  };
  EXPECT_TRUE(ends_with(bf.line_files[1], "beam_onload.hrl")) << bf.line_files[1];
  EXPECT_TRUE(ends_with(bf.line_files[2], "beam_onload.erl")) << bf.line_files[2];
  // h/1 comes from the .hrl (lines 2 and 3); g/1 from the .erl
  ASSERT_GE(bf.line_items.size(), 5u);
  EXPECT_EQ(bf.line_items[1].file_index, 1u);
  EXPECT_EQ(bf.line_items[1].line, 2u);
  EXPECT_EQ(bf.line_items[4].file_index, 2u);
  EXPECT_EQ(bf.line_items[4].line, 11u);
  bool on_load = false;
  for (const GenericOp& op : bf.code) on_load |= op.opcode == op_on_load;
  EXPECT_TRUE(on_load);
  std::string text = disassemble(bf);
  EXPECT_NE(text.find("beam_onload.hrl\",3}"), std::string::npos) << text;
}

}  // namespace
}  // namespace girder::beam
