// The binary module's BIFs (bif/binary_match.cpp, binary_search.cpp,
// binary_module.cpp). The table's expected values are erl's (b2_cases/).
#include "b2_test_util.h"
#include "bif/binary_search.h"

namespace girder {
namespace {

using namespace b2test;

TEST(B2BinaryModule, AgreesWithErl) {
  run_cases({
    {binary_match_2, "binary:match/2", R"([<<"abcabc">>,<<"bc">>])", R"({1,2})"},
    {binary_match_2, "binary:match/2", R"([<<"abcabc">>,[<<"bc">>,<<"abc">>]])", R"({0,3})"},
    {binary_match_2, "binary:match/2", R"([<<"abcabc">>,[<<"c">>,<<"abc">>]])", R"({0,3})"},
    {binary_match_2, "binary:match/2", R"([<<"abcabc">>,[<<"bca">>,<<"cab">>]])", R"({1,3})"},
    {binary_match_2, "binary:match/2", R"([<<"abcabc">>,[<<"ab">>,<<"abcab">>]])", R"({0,5})"},
    {binary_match_2, "binary:match/2", R"([<<"abcx">>,[<<"abcd">>,<<"bc">>]])", R"({1,2})"},
    {binary_match_2, "binary:match/2", R"([<<"xabcabd">>,[<<"abd">>,<<"abcabd">>,<<"c">>]])", R"({1,6})"},
    {binary_match_2, "binary:match/2", R"([<<"abcabc">>,<<"x">>])", R"(nomatch)"},
    {binary_match_3, "binary:match/3", R"([<<"abcabc">>,<<"bc">>,[{scope,{2,4}}]])", R"({4,2})"},
    {binary_match_3, "binary:match/3", R"([<<"abcabc">>,<<"bc">>,[{scope,{6,-4}}]])", R"({4,2})"},
    {binary_match_3, "binary:match/3", R"([<<"abcabc">>,<<"bc">>,[{scope,{6,-7}}]])", R"(error:badarg)"},
    {binary_match_3, "binary:match/3", R"([<<"abcabc">>,<<"bc">>,[{scope,{7,0}}]])", R"(error:badarg)"},
    {binary_match_3, "binary:match/3", R"([<<"abcabc">>,<<"bc">>,[{scope,{6,0}}]])", R"(nomatch)"},
    {binary_match_3, "binary:match/3", R"([<<"abcabc">>,<<"bc">>,[{scope,{0,7}}]])", R"(error:badarg)"},
    {binary_match_3, "binary:match/3", R"([<<"abcabc">>,<<"bc">>,[{scope,{a,7}}]])", R"(error:badarg)"},
    {binary_match_3, "binary:match/3", R"([<<"abcabc">>,<<"bc">>,[{scope,{0,3}},{scope,{3,3}}]])", R"({4,2})"},
    {binary_match_3, "binary:match/3", R"([<<"abcabc">>,<<"bc">>,[{scope,{0,-1}}]])", R"(error:badarg)"},
    {binary_match_3, "binary:match/3", R"([<<"abcabc">>,<<"bc">>,[{scope,{0,-9223372036854775808}}]])", R"(error:badarg)"},
    {binary_match_3, "binary:match/3", R"([<<"abcabc">>,<<"bc">>,[global]])", R"(error:badarg)"},
    {binary_match_3, "binary:match/3", R"([<<"abcabc">>,<<"bc">>,[]])", R"({1,2})"},
    {binary_match_3, "binary:match/3", R"([<<"abcabc">>,<<"bc">>,foo])", R"(error:badarg)"},
    {binary_match_3, "binary:match/3", R"([<<"abcabc">>,<<"bc">>,[{scope,{0,2}}|bar]])", R"(nomatch)"},
    {binary_match_2, "binary:match/2", R"([<<"abcabc">>,[]])", R"(error:badarg)"},
    {binary_match_2, "binary:match/2", R"([<<"abcabc">>,[<<>>]])", R"(error:badarg)"},
    {binary_match_2, "binary:match/2", R"([<<"abcabc">>,<<>>])", R"(error:badarg)"},
    {binary_match_2, "binary:match/2", R"([<<"abcabc">>,[<<"a">>|<<"b">>]])", R"(error:badarg)"},
    {binary_match_2, "binary:match/2", R"([<<"abcabc">>,[<<"a">>,<<"a">>]])", R"({0,1})"},
    {binary_match_2, "binary:match/2", R"([<<"abcabc">>,<<1:1>>])", R"(error:badarg)"},
    {binary_match_2, "binary:match/2", R"([<<"abcabc">>,[<<"a">>,<<1:1>>]])", R"(error:badarg)"},
    {binary_match_2, "binary:match/2", R"([<<"abc",1:1>>,<<"a">>])", R"(error:badarg)"},
    {binary_match_2, "binary:match/2", R"([foo,<<"a">>])", R"(error:badarg)"},
    {binary_match_2, "binary:match/2", R"([<<>>,<<"a">>])", R"(nomatch)"},
    {binary_match_2, "binary:match/2", R"([<<>>,foo])", R"(nomatch)"},
    {binary_match_3, "binary:match/3", R"([<<"abc">>,foo,[{scope,{0,0}}]])", R"(nomatch)"},
    {binary_match_3, "binary:match/3", R"([<<"abc">>,foo,[{scope,{1,0}}]])", R"(error:badarg)"},
    {binary_match_2, "binary:match/2", R"([<<"abc">>,{bm,<<"a">>}])", R"(error:badarg)"},
    {binary_match_2, "binary:match/2", R"([<<"abc">>,{ac,<<"a">>}])", R"(error:badarg)"},
    {binary_match_2, "binary:match/2", R"([<<"abc">>,{bm,foo,bar}])", R"(error:badarg)"},
    {binary_matches_2, "binary:matches/2", R"([<<"abcabc">>,<<"bc">>])", R"([{1,2},{4,2}])"},
    {binary_matches_2, "binary:matches/2", R"([<<"aaaa">>,<<"aa">>])", R"([{0,2},{2,2}])"},
    {binary_matches_2, "binary:matches/2", R"([<<"aaaaa">>,[<<"aa">>,<<"aaa">>]])", R"([{0,3},{3,2}])"},
    {binary_matches_2, "binary:matches/2", R"([<<"abcabc">>,[<<"a">>,<<"ab">>,<<"bc">>,<<"c">>]])", R"([{0,2},{2,1},{3,2},{5,1}])"},
    {binary_matches_2, "binary:matches/2", R"([<<"abcde">>,[<<"bcd">>,<<"c">>,<<"de">>]])", R"([{1,3}])"},
    {binary_matches_2, "binary:matches/2", R"([<<"abcde">>,[<<"bcd">>,<<"cde">>,<<"b">>]])", R"([{1,3}])"},
    {binary_matches_2, "binary:matches/2", R"([<<"abcdabcd">>,[<<"ab">>,<<"bcd">>,<<"cda">>,<<"d">>]])", R"([{0,2},{2,3},{5,3}])"},
    {binary_matches_2, "binary:matches/2", R"([<<"xyzxyzxy">>,[<<"yzx">>,<<"x">>,<<"zxyz">>,<<"xyzxyzxy">>]])", R"([{0,8}])"},
    {binary_matches_2, "binary:matches/2", R"([<<"abababab">>,[<<"aba">>,<<"bab">>,<<"b">>]])", R"([{0,3},{3,3},{7,1}])"},
    {binary_matches_3, "binary:matches/3", R"([<<"abcabc">>,<<"bc">>,[{scope,{1,4}}]])", R"([{1,2}])"},
    {binary_matches_3, "binary:matches/3", R"([<<"abcabc">>,<<"bc">>,[{scope,{1,5}},{scope,{0,3}}]])", R"([{1,2}])"},
    {binary_matches_2, "binary:matches/2", R"([<<"abcabc">>,<<"x">>])", R"([])"},
    {binary_matches_3, "binary:matches/3", R"([<<"abcabc">>,<<"bc">>,[global]])", R"(error:badarg)"},
    {binary_matches_2, "binary:matches/2", R"([<<>>,<<"bc">>])", R"([])"},
    {binary_split_2, "binary:split/2", R"([<<"a,b,,c,,">>,<<",">>])", R"([<<97>>,<<98,44,44,99,44,44>>])"},
    {binary_split_3, "binary:split/3", R"([<<"a,b,,c,,">>,<<",">>,[global]])", R"([<<97>>,<<98>>,<<>>,<<99>>,<<>>,<<>>])"},
    {binary_split_3, "binary:split/3", R"([<<"a,b,,c,,">>,<<",">>,[global,trim]])", R"([<<97>>,<<98>>,<<>>,<<99>>])"},
    {binary_split_3, "binary:split/3", R"([<<",,a,b,,c,,">>,<<",">>,[global,trim_all]])", R"([<<97>>,<<98>>,<<99>>])"},
    {binary_split_3, "binary:split/3", R"([<<",,a,b,,c,,">>,<<",">>,[trim_all]])", R"([<<44,97,44,98,44,44,99,44,44>>])"},
    {binary_split_3, "binary:split/3", R"([<<",,a,b,,c,,">>,<<",">>,[trim]])", R"([<<>>,<<44,97,44,98,44,44,99,44,44>>])"},
    {binary_split_3, "binary:split/3", R"([<<",">>,<<",">>,[trim]])", R"([])"},
    {binary_split_3, "binary:split/3", R"([<<",">>,<<",">>,[]])", R"([<<>>,<<>>])"},
    {binary_split_3, "binary:split/3", R"([<<",">>,<<",">>,[trim_all]])", R"([])"},
    {binary_split_3, "binary:split/3", R"([<<",">>,<<",">>,[global,trim]])", R"([])"},
    {binary_split_3, "binary:split/3", R"([<<",x">>,<<",">>,[trim]])", R"([<<>>,<<120>>])"},
    {binary_split_3, "binary:split/3", R"([<<",x">>,<<",">>,[trim_all]])", R"([<<120>>])"},
    {binary_split_3, "binary:split/3", R"([<<"x,">>,<<",">>,[trim]])", R"([<<120>>])"},
    {binary_split_3, "binary:split/3", R"([<<>>,<<",">>,[]])", R"([<<>>])"},
    {binary_split_3, "binary:split/3", R"([<<>>,<<",">>,[trim]])", R"([])"},
    {binary_split_3, "binary:split/3", R"([<<>>,<<",">>,[trim_all]])", R"([])"},
    {binary_split_3, "binary:split/3", R"([<<>>,foo,[trim_all]])", R"([])"},
    {binary_split_3, "binary:split/3", R"([<<"abc">>,<<",">>,[trim_all]])", R"([<<97,98,99>>])"},
    {binary_split_3, "binary:split/3", R"([<<"abc">>,<<",">>,[global,trim_all]])", R"([<<97,98,99>>])"},
    {binary_split_3, "binary:split/3", R"([<<"a,b,c">>,<<",">>,[{scope,{2,2}}]])", R"([<<97,44,98>>,<<99>>])"},
    {binary_split_3, "binary:split/3", R"([<<"a,b,c">>,<<",">>,[{scope,{2,2}},global]])", R"([<<97,44,98>>,<<99>>])"},
    {binary_split_3, "binary:split/3", R"([<<"a,b,c,d">>,<<",">>,[{scope,{2,3}},global]])", R"([<<97,44,98>>,<<99,44,100>>])"},
    {binary_split_3, "binary:split/3", R"([<<"a,b,c,d">>,<<",">>,[{scope,{2,3}},global,trim]])", R"([<<97,44,98>>,<<99,44,100>>])"},
    {binary_split_3, "binary:split/3", R"([<<",b,">>,<<",">>,[{scope,{1,1}},global,trim_all]])", R"([<<44,98,44>>])"},
    {binary_split_3, "binary:split/3", R"([<<",b,">>,<<",">>,[{scope,{1,2}},global,trim_all]])", R"([<<44,98>>])"},
    {binary_split_3, "binary:split/3", R"([<<",b,">>,<<",">>,[{scope,{0,1}},global,trim]])", R"([<<>>,<<98,44>>])"},
    {binary_split_3, "binary:split/3", R"([<<",b,">>,<<",">>,[{scope,{0,1}},global,trim_all]])", R"([<<98,44>>])"},
    {binary_split_3, "binary:split/3", R"([<<"a,b">>,<<",">>,[global|foo]])", R"([<<97>>,<<98>>])"},
    {binary_split_3, "binary:split/3", R"([<<"a,b">>,<<",">>,[{scope,{1}}]])", R"(error:badarg)"},
    {binary_split_3, "binary:split/3", R"([<<"a,b">>,<<",">>,[{scope,1}]])", R"(error:badarg)"},
    {binary_split_3, "binary:split/3", R"([<<"a,b">>,<<",">>,[{scope,{-1,1}}]])", R"(error:badarg)"},
    {binary_split_3, "binary:split/3", R"([<<"a,b">>,<<",">>,[{scope,{1,-1}}]])", R"([<<97,44,98>>])"},
    {binary_split_3, "binary:split/3", R"([<<"a,b">>,<<",">>,[{scope,{1,-2}}]])", R"(error:badarg)"},
    {binary_split_3, "binary:split/3", R"([<<"a,b">>,<<",">>,[{scope,{3,0}}]])", R"([<<97,44,98>>])"},
    {binary_split_3, "binary:split/3", R"([<<"a,b">>,<<",">>,[{scope,{4,0}}]])", R"(error:badarg)"},
    {binary_split_3, "binary:split/3", R"([<<"a,b">>,<<",">>,[{scope,{0,0}}]])", R"([<<97,44,98>>])"},
    {binary_split_3, "binary:split/3", R"([<<"a,b">>,<<",">>,[foo]])", R"(error:badarg)"},
    {binary_split_3, "binary:split/3", R"([<<"a,b">>,<<",">>,foo])", R"(error:badarg)"},
    {binary_split_3, "binary:split/3", R"([<<"a,b">>,[<<",">>,<<"b">>],[global]])", R"([<<97>>,<<>>,<<>>])"},
    {binary_split_3, "binary:split/3", R"([<<"a,b">>,[<<",">>,<<",b">>],[global]])", R"([<<97>>,<<>>])"},
    {binary_split_3, "binary:split/3", R"([<<"a;b,c;;d">>,[<<",">>,<<";">>],[global]])", R"([<<97>>,<<98>>,<<99>>,<<>>,<<100>>])"},
    {binary_split_3, "binary:split/3", R"([<<"a;b,c;;d">>,[<<",">>,<<";">>],[global,trim_all]])", R"([<<97>>,<<98>>,<<99>>,<<100>>])"},
    {binary_split_2, "binary:split/2", R"([<<"a,b",1:1>>,<<",">>])", R"(error:badarg)"},
    {binary_split_2, "binary:split/2", R"([a,<<",">>])", R"(error:badarg)"},
    {binary_part_3, "binary:part/3", R"([<<1,2,3>>,1,1])", R"(<<2>>)"},
    {binary_part_2, "binary:part/2", R"([<<1,2,3>>,{1,1}])", R"(<<2>>)"},
    {binary_part_2, "binary:part/2", R"([<<1,2,3>>,{1,5}])", R"(error:badarg)"},
    {binary_part_2, "binary:part/2", R"([<<1,2,3>>,{3,-1}])", R"(<<3>>)"},
    {binary_at_2, "binary:at/2", R"([<<1,2,3>>,2])", R"(3)"},
    {binary_at_2, "binary:at/2", R"([<<1,2,3>>,3])", R"(error:badarg)"},
    {binary_at_2, "binary:at/2", R"([<<1,2,3:2>>,0])", R"(error:badarg)"},
    {binary_at_2, "binary:at/2", R"([<<>>,0])", R"(error:badarg)"},
    {binary_at_2, "binary:at/2", R"([<<1>>,-1])", R"(error:badarg)"},
    {binary_at_2, "binary:at/2", R"([<<1>>,a])", R"(error:badarg)"},
    {binary_at_2, "binary:at/2", R"([a,0])", R"(error:badarg)"},
    {binary_first_1, "binary:first/1", R"([<<1,2,3>>])", R"(1)"},
    {binary_first_1, "binary:first/1", R"([<<>>])", R"(error:badarg)"},
    {binary_first_1, "binary:first/1", R"([<<1,2:3>>])", R"(error:badarg)"},
    {binary_first_1, "binary:first/1", R"([a])", R"(error:badarg)"},
    {binary_last_1, "binary:last/1", R"([<<1,2,3>>])", R"(3)"},
    {binary_last_1, "binary:last/1", R"([<<1,2,3:1>>])", R"(error:badarg)"},
    {binary_last_1, "binary:last/1", R"([<<>>])", R"(error:badarg)"},
    {binary_last_1, "binary:last/1", R"([a])", R"(error:badarg)"},
    {binary_list_to_bin_1, "binary:list_to_bin/1", R"([[1,2|<<3>>]])", R"(<<1,2,3>>)"},
    {binary_list_to_bin_1, "binary:list_to_bin/1", R"([a])", R"(error:badarg)"},
    {binary_list_to_bin_1, "binary:list_to_bin/1", R"([<<1>>])", R"(error:badarg)"},
    {binary_list_to_bin_1, "binary:list_to_bin/1", R"([[1,300]])", R"(error:badarg)"},
    {binary_copy_2, "binary:copy/2", R"([<<1:1>>,0])", R"(<<>>)"},
    {binary_copy_2, "binary:copy/2", R"([a,0])", R"(error:badarg)"},
    {binary_copy_2, "binary:copy/2", R"([<<1:1>>,1])", R"(error:badarg)"},
    {binary_copy_2, "binary:copy/2", R"([<<1,2>>,3])", R"(<<1,2,1,2,1,2>>)"},
    {binary_copy_2, "binary:copy/2", R"([<<1,2>>,-1])", R"(error:badarg)"},
    {binary_copy_2, "binary:copy/2", R"([<<1,2>>,a])", R"(error:badarg)"},
    {binary_copy_2, "binary:copy/2", R"([<<>>,100000000000000000000])", R"(error:badarg)"},
    {binary_copy_2, "binary:copy/2", R"([<<>>,1000])", R"(<<>>)"},
    {binary_copy_2, "binary:copy/2", R"([<<1>>,100000000000000000000])", R"(error:badarg)"},
    {binary_copy_1, "binary:copy/1", R"([<<1,2>>])", R"(<<1,2>>)"},
    {binary_copy_1, "binary:copy/1", R"([<<1,2:1>>])", R"(error:badarg)"},
    {binary_copy_2, "binary:copy/2", R"([<<7>>,70])", R"(<<7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7>>)"},
    {binary_decode_unsigned_1, "binary:decode_unsigned/1", R"([<<0,0,1,2>>])", R"(258)"},
    {binary_decode_unsigned_2, "binary:decode_unsigned/2", R"([<<1,2,0,0>>,little])", R"(513)"},
    {binary_decode_unsigned_1, "binary:decode_unsigned/1", R"([<<>>])", R"(0)"},
    {binary_decode_unsigned_2, "binary:decode_unsigned/2", R"([<<0,0,0>>,little])", R"(0)"},
    {binary_decode_unsigned_1, "binary:decode_unsigned/1", R"([<<1:1>>])", R"(error:badarg)"},
    {binary_decode_unsigned_1, "binary:decode_unsigned/1", R"([<<1,2,3,4,5,6,7,8,9,10>>])", R"(4759477275222530853130)"},
    {binary_decode_unsigned_2, "binary:decode_unsigned/2", R"([<<1,2,3,4,5,6,7,8,9,10>>,little])", R"(47390263963055590408705)"},
    {binary_decode_unsigned_2, "binary:decode_unsigned/2", R"([<<0,0,1,2,3,4,5,6,7,8,9,10,0,0>>,little])", R"(3105768339082811173024890880)"},
    {binary_decode_unsigned_2, "binary:decode_unsigned/2", R"([<<1,2>>,foo])", R"(error:badarg)"},
    {binary_decode_unsigned_1, "binary:decode_unsigned/1", R"([a])", R"(error:badarg)"},
    {binary_decode_unsigned_1, "binary:decode_unsigned/1", R"([<<255,255,255,255,255,255,255,255>>])", R"(18446744073709551615)"},
    {binary_decode_unsigned_1, "binary:decode_unsigned/1", R"([<<15,255,255,255,255,255,255,255>>])", R"(1152921504606846975)"},
    {binary_decode_unsigned_1, "binary:decode_unsigned/1", R"([<<7,255,255,255,255,255,255,255>>])", R"(576460752303423487)"},
    {binary_encode_unsigned_1, "binary:encode_unsigned/1", R"([0])", R"(<<0>>)"},
    {binary_encode_unsigned_1, "binary:encode_unsigned/1", R"([255])", R"(<<255>>)"},
    {binary_encode_unsigned_1, "binary:encode_unsigned/1", R"([256])", R"(<<1,0>>)"},
    {binary_encode_unsigned_2, "binary:encode_unsigned/2", R"([256,little])", R"(<<0,1>>)"},
    {binary_encode_unsigned_1, "binary:encode_unsigned/1", R"([-1])", R"(error:badarg)"},
    {binary_encode_unsigned_1, "binary:encode_unsigned/1", R"([-1000000000000000000000000])", R"(error:badarg)"},
    {binary_encode_unsigned_1, "binary:encode_unsigned/1", R"([a])", R"(error:badarg)"},
    {binary_encode_unsigned_1, "binary:encode_unsigned/1", R"([1267650600228229401496703205376])", R"(<<16,0,0,0,0,0,0,0,0,0,0,0,0>>)"},
    {binary_encode_unsigned_2, "binary:encode_unsigned/2", R"([1267650600228229401496703205376,little])", R"(<<0,0,0,0,0,0,0,0,0,0,0,0,16>>)"},
    {binary_encode_unsigned_1, "binary:encode_unsigned/1", R"([18446744073709551615])", R"(<<255,255,255,255,255,255,255,255>>)"},
    {binary_encode_unsigned_2, "binary:encode_unsigned/2", R"([1,native])", R"(error:badarg)"},
    {binary_longest_common_prefix_1, "binary:longest_common_prefix/1", R"([[<<"abc">>,<<"abd">>]])", R"(2)"},
    {binary_longest_common_prefix_1, "binary:longest_common_prefix/1", R"([[<<"abc">>]])", R"(3)"},
    {binary_longest_common_prefix_1, "binary:longest_common_prefix/1", R"([[]])", R"(error:badarg)"},
    {binary_longest_common_prefix_1, "binary:longest_common_prefix/1", R"([[<<"abc">>,<<>>]])", R"(0)"},
    {binary_longest_common_prefix_1, "binary:longest_common_prefix/1", R"([[<<"abc">>,<<1:1>>]])", R"(error:badarg)"},
    {binary_longest_common_prefix_1, "binary:longest_common_prefix/1", R"([[<<"abc">>,a]])", R"(error:badarg)"},
    {binary_longest_common_prefix_1, "binary:longest_common_prefix/1", R"([[<<"abc">>|<<"a">>]])", R"(error:badarg)"},
    {binary_longest_common_prefix_1, "binary:longest_common_prefix/1", R"([a])", R"(error:badarg)"},
    {binary_longest_common_prefix_1, "binary:longest_common_prefix/1", R"([[<<"abcdef">>,<<"abcxyz">>,<<"abcdxx">>]])", R"(3)"},
    {binary_longest_common_suffix_1, "binary:longest_common_suffix/1", R"([[<<"abc">>,<<"xbc">>]])", R"(2)"},
    {binary_longest_common_suffix_1, "binary:longest_common_suffix/1", R"([[<<"abc">>,<<"abc">>]])", R"(3)"},
    {binary_longest_common_suffix_1, "binary:longest_common_suffix/1", R"([[<<"abc">>,<<"abcabc">>,<<"c">>]])", R"(1)"},
    {binary_longest_common_suffix_1, "binary:longest_common_suffix/1", R"([[<<"abc">>,<<"x">>]])", R"(0)"},
    {binary_referenced_byte_size_1, "binary:referenced_byte_size/1", R"([a])", R"(error:badarg)"},
    {binary_matches_2, "binary:matches/2", R"([<<"accccbacaccaabbbbab">>,[<<"aba">>,<<"bb">>,<<"c">>,<<"cab">>]])", R"([{1,1},{2,1},{3,1},{4,1},{7,1},{9,1},{10,1},{13,2},{15,2}])"},
    {binary_split_3, "binary:split/3", R"([<<"acbcbbaacaabcb">>,[<<"ab">>,<<"abab">>,<<"abbc">>,<<"babb">>,<<"caba">>,<<"cb">>],[global]])", R"([<<97>>,<<>>,<<98,97,97,99,97>>,<<>>,<<>>])"},
    {binary_match_2, "binary:match/2", R"([<<"cacacbcbcccbccbccbbcaaba">>,[<<"ac">>,<<"acab">>,<<"bcb">>]])", R"({1,2})"},
    {binary_matches_2, "binary:matches/2", R"([<<"cccbcbabcbaaccba">>,[<<"bb">>,<<"bbc">>,<<"bca">>,<<"c">>,<<"cb">>,<<"ccca">>]])", R"([{0,1},{1,1},{2,2},{4,2},{8,2},{12,1},{13,2}])"},
    {binary_split_3, "binary:split/3", R"([<<"babacbaacabcaaaaabcbab">>,[<<"bbba">>,<<"bbbb">>,<<"bc">>,<<"bcc">>,<<"bccc">>,<<"ccac">>],[global]])", R"([<<98,97,98,97,99,98,97,97,99,97>>,<<97,97,97,97,97>>,<<98,97,98>>])"},
    {binary_match_2, "binary:match/2", R"([<<"cabbbcabbacaacbbc">>,[<<"bc">>,<<"c">>,<<"cb">>]])", R"({0,1})"},
    {binary_matches_2, "binary:matches/2", R"([<<"cabaacbbaabcbb">>,[<<"a">>,<<"caba">>,<<"cbab">>,<<"cbc">>,<<"cc">>]])", R"([{0,4},{4,1},{8,1},{9,1}])"},
    {binary_split_3, "binary:split/3", R"([<<"cabccaabcbcbabbbabacb">>,[<<"a">>,<<"abba">>,<<"bcc">>,<<"cc">>],[global]])", R"([<<99>>,<<>>,<<>>,<<>>,<<98,99,98,99,98>>,<<98,98,98>>,<<98>>,<<99,98>>])"},
    {binary_match_2, "binary:match/2", R"([<<"bbabcaacbaabb">>,[<<"aaac">>,<<"aac">>,<<"ac">>,<<"ca">>]])", R"({4,2})"},
    {binary_matches_2, "binary:matches/2", R"([<<"cacaabaacabac">>,[<<"abcb">>,<<"b">>,<<"bac">>,<<"bcb">>,<<"caa">>]])", R"([{2,3},{5,1},{10,3}])"},
    {binary_split_3, "binary:split/3", R"([<<"bbbaabbbaaabac">>,[<<"acb">>,<<"bcaa">>,<<"ccb">>],[global]])", R"([<<98,98,98,97,97,98,98,98,97,97,97,98,97,99>>])"},
    {binary_match_2, "binary:match/2", R"([<<"cccacbccccabccaaabbaba">>,[<<"a">>,<<"aacb">>,<<"ab">>,<<"acac">>]])", R"({3,1})"},
    {binary_matches_2, "binary:matches/2", R"([<<"ababacabacbcabcbccca">>,[<<"a">>,<<"bbb">>,<<"bbc">>,<<"c">>,<<"cba">>]])", R"([{0,1},{2,1},{4,1},{5,1},{6,1},{8,1},{9,1},{11,1},{12,1},{14,1},{16,1},{17,1},{18,1},{19,1}])"},
    {binary_split_3, "binary:split/3", R"([<<"caccbacacbaccabbaaabc">>,[<<"bbbb">>,<<"c">>,<<"cbbb">>,<<"cc">>,<<"ccbc">>],[global]])", R"([<<>>,<<97>>,<<98,97>>,<<97>>,<<98,97>>,<<97,98,98,97,97,97,98>>,<<>>])"},
    {binary_match_2, "binary:match/2", R"([<<"babcbbacaacbbca">>,[<<"aab">>,<<"ac">>,<<"bac">>,<<"bbbc">>]])", R"({5,3})"},
    {binary_matches_2, "binary:matches/2", R"([<<"cabbbbaacabbccabccccbb">>,[<<"aab">>,<<"acca">>,<<"bba">>]])", R"([{4,3}])"},
    {binary_split_3, "binary:split/3", R"([<<"aabcbcabbcabba">>,[<<"baac">>,<<"bb">>,<<"bbcb">>],[global]])", R"([<<97,97,98,99,98,99,97>>,<<99,97>>,<<97>>])"},
    {binary_match_2, "binary:match/2", R"([<<"caccacbacccbcababbcaa">>,[<<"acc">>,<<"ba">>,<<"bab">>,<<"cab">>,<<"cba">>,<<"ccc">>]])", R"({1,3})"},
    {binary_matches_2, "binary:matches/2", R"([<<"cacbccacaaabbaaccbb">>,[<<"aaab">>,<<"abca">>,<<"acab">>,<<"acac">>,<<"bbc">>,<<"c">>]])", R"([{0,1},{2,1},{4,1},{5,1},{7,1},{8,4},{15,1},{16,1}])"},
    {binary_split_3, "binary:split/3", R"([<<"cbbcaaabcacccacccaaaabba">>,[<<"acb">>,<<"acc">>,<<"b">>,<<"bb">>,<<"c">>,<<"cab">>],[global]])", R"([<<>>,<<>>,<<>>,<<97,97,97>>,<<>>,<<>>,<<>>,<<>>,<<>>,<<97,97,97,97>>,<<97>>])"},
    {binary_match_2, "binary:match/2", R"([<<"cacacbccaaaca">>,[<<"aaa">>,<<"aab">>,<<"baca">>,<<"bb">>,<<"caa">>,<<"cc">>]])", R"({6,2})"},
    {binary_matches_2, "binary:matches/2", R"([<<"aaaccacabbcbbac">>,[<<"abb">>,<<"bbab">>,<<"caca">>,<<"cbbc">>]])", R"([{4,4}])"},
    {binary_split_3, "binary:split/3", R"([<<"aabccaacbbcaca">>,[<<"aaa">>,<<"ac">>,<<"accc">>,<<"ba">>,<<"bccc">>,<<"cba">>],[global]])", R"([<<97,97,98,99,99,97>>,<<98,98,99>>,<<97>>])"},
    {binary_match_2, "binary:match/2", R"([<<"cbbcbbbcbaaacac">>,[<<"aa">>,<<"abcc">>,<<"ac">>,<<"bab">>]])", R"({9,2})"},
    {binary_matches_2, "binary:matches/2", R"([<<"aaccacaaabcabbbbbabc">>,[<<"aa">>,<<"b">>,<<"bcab">>]])", R"([{0,2},{6,2},{9,4},{13,1},{14,1},{15,1},{16,1},{18,1}])"},
    {binary_split_3, "binary:split/3", R"([<<"aaccaacaccccc">>,[<<"b">>,<<"ba">>,<<"bba">>,<<"bc">>,<<"c">>],[global]])", R"([<<97,97>>,<<>>,<<97,97>>,<<97>>,<<>>,<<>>,<<>>,<<>>,<<>>])"},
    {binary_match_2, "binary:match/2", R"([<<"babaaccbbbbaaccaaccac">>,[<<"acab">>,<<"bab">>,<<"c">>]])", R"({0,3})"},
    {binary_matches_2, "binary:matches/2", R"([<<"acbcbacaaccccaabcaacbc">>,[<<"a">>,<<"acb">>,<<"bcaa">>,<<"bcc">>]])", R"([{0,3},{5,1},{7,1},{8,1},{13,1},{14,1},{15,4}])"},
    {binary_split_3, "binary:split/3", R"([<<"babbbcbcbbbccabcb">>,[<<"a">>,<<"c">>,<<"caa">>,<<"cb">>],[global]])", R"([<<98>>,<<98,98,98>>,<<>>,<<98,98>>,<<>>,<<>>,<<98>>,<<>>])"},
    {binary_match_2, "binary:match/2", R"([<<"abbbabbcabbabbaabcabaab">>,[<<"a">>,<<"ac">>,<<"b">>]])", R"({0,1})"},
    {binary_matches_2, "binary:matches/2", R"([<<"bbbabaaccacabaac">>,[<<"aa">>,<<"accb">>,<<"c">>,<<"caaa">>]])", R"([{5,2},{7,1},{8,1},{10,1},{13,2},{15,1}])"},
    {binary_split_3, "binary:split/3", R"([<<"cabacbcaabcbbabbbbcccab">>,[<<"b">>,<<"bacb">>,<<"bc">>,<<"ccab">>,<<"ccb">>],[global]])", R"([<<99,97>>,<<99,97,97>>,<<>>,<<>>,<<97>>,<<>>,<<>>,<<>>,<<>>,<<>>])"},
    {binary_match_2, "binary:match/2", R"([<<"bbacbbcbbcacaccccbaabc">>,[<<"abca">>,<<"baa">>,<<"bb">>,<<"bcbb">>]])", R"({0,2})"},
    {binary_matches_2, "binary:matches/2", R"([<<"acaaacacbbaabcc">>,[<<"a">>,<<"abc">>,<<"bab">>]])", R"([{0,1},{2,1},{3,1},{4,1},{6,1},{10,1},{11,3}])"},
    {binary_split_3, "binary:split/3", R"([<<"accabccacacaaabbacaa">>,[<<"baa">>,<<"baac">>,<<"caa">>,<<"cbbb">>,<<"cc">>],[global]])", R"([<<97>>,<<97,98>>,<<97,99,97>>,<<97,98,98,97>>,<<>>])"},
    {binary_match_2, "binary:match/2", R"([<<"aacccbbcabcbbbaabbcbbb">>,[<<"a">>,<<"bbab">>,<<"bc">>,<<"c">>,<<"cbb">>]])", R"({0,1})"},
    {binary_matches_2, "binary:matches/2", R"([<<"cbbccbccacaaacccbcbbc">>,[<<"aa">>,<<"bab">>,<<"cbaa">>]])", R"([{10,2}])"},
    {binary_split_3, "binary:split/3", R"([<<"aabbacbcbbacaaac">>,[<<"bccb">>,<<"bccc">>,<<"cccb">>],[global]])", R"([<<97,97,98,98,97,99,98,99,98,98,97,99,97,97,97,99>>])"},
    {binary_match_2, "binary:match/2", R"([<<"babaaaccacccccbbabb">>,[<<"b">>,<<"bcb">>,<<"ccbc">>]])", R"({0,1})"},
    {binary_matches_2, "binary:matches/2", R"([<<"acbbbacabcacbbcccccbbcc">>,[<<"abbb">>,<<"b">>,<<"caa">>,<<"cc">>]])", R"([{2,1},{3,1},{4,1},{8,1},{12,1},{13,1},{14,2},{16,2},{19,1},{20,1},{21,2}])"},
    {binary_split_3, "binary:split/3", R"([<<"ccccbccccbcaa">>,[<<"baa">>,<<"c">>,<<"ccac">>,<<"ccbb">>,<<"cccc">>],[global]])", R"([<<>>,<<98>>,<<98>>,<<97,97>>])"},
    {binary_match_2, "binary:match/2", R"([<<"bccabbccacbcbbb">>,[<<"aa">>,<<"bcab">>,<<"c">>,<<"cab">>]])", R"({1,1})"},
    {binary_matches_2, "binary:matches/2", R"([<<"caabbbccccccbcbabacaabac">>,[<<"ab">>,<<"bcb">>,<<"c">>,<<"ca">>]])", R"([{0,2},{2,2},{6,1},{7,1},{8,1},{9,1},{10,1},{11,1},{12,3},{15,2},{18,2},{20,2},{23,1}])"},
    {binary_split_3, "binary:split/3", R"([<<"bcabacabcccbac">>,[<<"bcca">>,<<"cbbb">>,<<"cbcb">>],[global]])", R"([<<98,99,97,98,97,99,97,98,99,99,99,98,97,99>>])"},
    {binary_match_2, "binary:match/2", R"([<<"cccccbabccaacbcaccc">>,[<<"acb">>,<<"b">>,<<"bc">>,<<"c">>,<<"ccb">>]])", R"({0,1})"},
    {binary_matches_2, "binary:matches/2", R"([<<"aaccaaabcacacbbbbccbaac">>,[<<"ac">>,<<"cb">>]])", R"([{1,2},{9,2},{11,2},{18,2},{21,2}])"},
    {binary_split_3, "binary:split/3", R"([<<"caabaccaaaccbabccaabbccc">>,[<<"a">>,<<"aaa">>,<<"babb">>,<<"ca">>,<<"cb">>,<<"ccc">>],[global]])", R"([<<>>,<<>>,<<98>>,<<99>>,<<>>,<<>>,<<99>>,<<>>,<<98,99>>,<<>>,<<98,98>>,<<>>])"},
    {binary_match_2, "binary:match/2", R"([<<"aabacbcbbcbcacbcb">>,[<<"a">>,<<"b">>,<<"bb">>,<<"cc">>]])", R"({0,1})"},
    {binary_matches_2, "binary:matches/2", R"([<<"cbbacbbcbaacc">>,[<<"a">>,<<"baac">>,<<"bacb">>,<<"cacc">>]])", R"([{2,4},{8,4}])"},
    {binary_split_3, "binary:split/3", R"([<<"ababcbccbbacb">>,[<<"ab">>,<<"b">>,<<"c">>,<<"cabc">>],[global]])", R"([<<>>,<<>>,<<>>,<<>>,<<>>,<<>>,<<>>,<<>>,<<97>>,<<>>,<<>>])"},
    {binary_match_2, "binary:match/2", R"([<<"caaacccccacbabcba">>,[<<"aac">>,<<"bcb">>,<<"c">>,<<"cbc">>,<<"cbcc">>]])", R"({0,1})"},
    {binary_matches_2, "binary:matches/2", R"([<<"abbcaabbacbbbabcbabcc">>,[<<"aa">>,<<"b">>,<<"c">>]])", R"([{1,1},{2,1},{3,1},{4,2},{6,1},{7,1},{9,1},{10,1},{11,1},{12,1},{14,1},{15,1},{16,1},{18,1},{19,1},{20,1}])"},
    {binary_split_3, "binary:split/3", R"([<<"bcbabbccabcacbcbbbaaccac">>,[<<"aa">>,<<"cca">>],[global]])", R"([<<98,99,98,97,98,98>>,<<98,99,97,99,98,99,98,98,98>>,<<>>,<<99>>])"},
    {binary_match_2, "binary:match/2", R"([<<"bbbbcbbabbbbbc">>,[<<"aaa">>,<<"caa">>,<<"cbc">>]])", R"(nomatch)"},
    {binary_matches_2, "binary:matches/2", R"([<<"abcabbbaacabcbacbabccaba">>,[<<"ab">>,<<"baac">>,<<"bbba">>]])", R"([{0,2},{3,2},{6,4},{10,2},{17,2},{21,2}])"},
    {binary_split_3, "binary:split/3", R"([<<"ccbbbcabaaaccbabbbbc">>,[<<"a">>,<<"aaaa">>,<<"b">>,<<"ba">>],[global]])", R"([<<99,99>>,<<>>,<<>>,<<99>>,<<>>,<<>>,<<>>,<<99,99>>,<<>>,<<>>,<<>>,<<>>,<<99>>])"},
    {binary_match_2, "binary:match/2", R"([<<"aabaabbccccbcacab">>,[<<"a">>,<<"bcc">>,<<"caaa">>,<<"cbbb">>]])", R"({0,1})"},
    {binary_matches_2, "binary:matches/2", R"([<<"ccccccbbbaabaacaacbbcac">>,[<<"aabb">>,<<"baa">>,<<"bbba">>,<<"bc">>,<<"cb">>,<<"ccac">>]])", R"([{5,2},{8,3},{11,3},{17,2},{19,2}])"},
    {binary_split_3, "binary:split/3", R"([<<"cbccaacacccccaaaaaababa">>,[<<"abcc">>,<<"bbb">>,<<"bca">>,<<"bcca">>,<<"c">>,<<"cb">>],[global]])", R"([<<>>,<<>>,<<>>,<<97,97>>,<<97>>,<<>>,<<>>,<<>>,<<>>,<<97,97,97,97,97,97,98,97,98,97>>])"},
    {binary_match_2, "binary:match/2", R"([<<"acacbabcbcacabbaabc">>,[<<"aa">>,<<"aba">>,<<"ac">>,<<"b">>,<<"c">>,<<"cca">>]])", R"({0,2})"},
  });
}

Term call2(BifFn f, Process& p, Term a, Term b) {
  Term args[2] = {a, b};
  return f(&p, args);
}
Term call3(BifFn f, Process& p, Term a, Term b, Term c) {
  Term args[3] = {a, b, c};
  return f(&p, args);
}

// A compiled pattern gives the same answers as the pattern itself.
TEST(B2BinaryModule, CompiledPatterns) {
  Process p;
  Heap& h = p.heap;
  Term subject = T(h, "<<\"abcabcab\">>");
  for (const char* pat : {"<<\"ab\">>", "[<<\"bc\">>]", "[<<\"b\">>,<<\"abc\">>,<<\"ca\">>]"}) {
    Term raw = T(h, pat);
    Term cp = binary_compile_pattern_1(&p, &raw);
    ASSERT_TRUE(is_tuple(cp)) << pat;
    Term global = T(h, "[global]");
    EXPECT_EQ(term_to_text(call2(binary_match_2, p, subject, cp)),
              term_to_text(call2(binary_match_2, p, subject, raw)));
    EXPECT_EQ(term_to_text(call2(binary_matches_2, p, subject, cp)),
              term_to_text(call2(binary_matches_2, p, subject, raw)));
    EXPECT_EQ(term_to_text(call3(binary_split_3, p, subject, cp, global)),
              term_to_text(call3(binary_split_3, p, subject, raw, global)));
  }
  Term one = T(h, "<<\"ab\">>"), many = T(h, "[<<\"a\">>,<<\"b\">>]");
  Term single_list = T(h, "[<<\"ab\">>]");
  EXPECT_EQ(tuple_elem(binary_compile_pattern_1(&p, &one), 1), atom::bm);
  EXPECT_EQ(tuple_elem(binary_compile_pattern_1(&p, &single_list), 1), atom::bm);
  EXPECT_EQ(tuple_elem(binary_compile_pattern_1(&p, &many), 1), atom::ac);
  // Like ERTS's references, two compilations are different terms.
  EXPECT_NE(term_to_text(binary_compile_pattern_1(&p, &one)),
            term_to_text(binary_compile_pattern_1(&p, &one)));
}

// A compiled pattern with the wrong tag, or altered, is refused.
TEST(B2BinaryModule, ForgedPatternsAreBadarg) {
  Process p;
  Heap& h = p.heap;
  Term subject = T(h, "<<\"abcabc\">>");
  Term many = T(h, "[<<\"ab\">>,<<\"bca\">>,<<\"c\">>]");
  Term cp = binary_compile_pattern_1(&p, &many);
  Term data = tuple_elem(cp, 2);
  BitView v = bit_view(data);
  std::vector<uint8_t> bytes(v.bytes, v.bytes + v.byte_size());

  EXPECT_EQ(term_to_text(call2(binary_match_2, p, subject, cp)), "{0,2}");
  Term wrong_tag = make_tuple(h, {atom::bm, data});
  EXPECT_EQ(call2(binary_match_2, p, subject, wrong_tag), THE_NON_VALUE);
  EXPECT_EQ(p.exc_reason, atom::badarg);
  Term truncated = make_tuple(h, {atom::ac, new_binary(h, bytes.data(), bytes.size() - 1)});
  EXPECT_EQ(call2(binary_matches_2, p, subject, truncated), THE_NON_VALUE);
  // A failure link that points to itself would make the search loop.
  for (size_t at = 16 + 8 + 1024; at + 4 <= bytes.size(); at += 4) {
    std::vector<uint8_t> bad = bytes;
    bad[at] ^= 0x41;
    Term forged = make_tuple(h, {atom::ac, new_binary(h, bad.data(), bad.size())});
    Term r = call2(binary_matches_2, p, subject, forged);
    EXPECT_TRUE(!is_value(r) || is_list(r) || is_nil(r));
  }
  // An unaligned copy of a valid compiled pattern still works.
  std::vector<uint8_t> shifted(bytes.size() + 1, 0);
  for (size_t i = 0; i < bytes.size(); i++) {
    shifted[i] |= bytes[i] >> 3;
    shifted[i + 1] |= uint8_t(bytes[i] << 5);
  }
  Term moved = make_tuple(h, {atom::ac, unaligned(h, shifted, 3, bytes.size() * 8)});
  EXPECT_EQ(term_to_text(call2(binary_matches_2, p, subject, moved)), "[{0,2},{2,1},{3,2},{5,1}]");
}

// Subjects and patterns that are not byte-aligned sub-binaries.
TEST(B2BinaryModule, UnalignedSubjects) {
  Process p;
  Heap& h = p.heap;
  // "xabcab" shifted by 2 bits
  std::string text = "xabcab";
  std::vector<uint8_t> raw(text.size() + 1, 0);
  for (size_t i = 0; i < text.size(); i++) {
    raw[i] |= uint8_t(uint8_t(text[i]) >> 2);
    raw[i + 1] |= uint8_t(uint8_t(text[i]) << 6);
  }
  Term subject = unaligned(h, raw, 2, text.size() * 8);
  Term pat = unaligned(h, raw, 2 + 8, 16);  // "ab"
  EXPECT_EQ(term_to_text(call2(binary_matches_2, p, subject, pat)), "[{1,2},{4,2}]");
  EXPECT_EQ(term_to_text(call2(binary_split_2, p, subject, pat)), "[<<120>>,<<99,97,98>>]");
  EXPECT_EQ(term_to_text(call2(binary_at_2, p, subject, make_small(3))), "99");
  EXPECT_EQ(term_to_text(binary_last_1(&p, &subject)), "98");
  Term l = make_cons(h, subject, make_cons(h, T(h, "<<\"yab\">>"), NIL));
  EXPECT_EQ(term_to_text(binary_longest_common_suffix_1(&p, &l)), "2");
  EXPECT_EQ(term_to_text(call2(binary_copy_2, p, pat, make_small(2))), "<<97,98,97,98>>");
  EXPECT_EQ(term_to_text(call2(binary_decode_unsigned_2, p, pat, atom::little)), "25185");
}

// Searches over long subjects (both algorithms) agree with a naive scan.
TEST(B2BinaryModule, LongSubjects) {
  Process p;
  Heap& h = p.heap;
  std::string s;
  for (int i = 0; i < 200000; i++) s += char('a' + (i * 7919 % 13 == 0 ? 1 : 0));
  Term subject = new_binary(h, reinterpret_cast<const uint8_t*>(s.data()), s.size());
  Term one = T(h, "<<\"ab\">>");
  Term r = call2(binary_matches_2, p, subject, one);
  Uint n = 0;
  size_t at = 0;
  for (Term c = r; is_list(c); c = cdr(c), n++) {
    at = s.find("ab", at);
    ASSERT_NE(at, std::string::npos);
    ASSERT_EQ(tuple_elem(car(c), 1), make_small(Sint(at)));
    at += 2;
  }
  EXPECT_EQ(s.find("ab", at), std::string::npos);
  EXPECT_GT(n, 1000u);
  Term two = T(h, "[<<\"ab\">>,<<\"ba\">>]");
  Term r2 = call2(binary_matches_2, p, subject, two);
  // Naive leftmost scan: with patterns of equal length it is the answer.
  std::vector<Uint> expect;
  for (size_t i = 0; i + 1 < s.size();) {
    std::string two_chars = s.substr(i, 2);
    if (two_chars == "ab" || two_chars == "ba") {
      expect.push_back(i);
      i += 2;
    } else {
      i++;
    }
  }
  Uint k = 0;
  for (Term c = r2; is_list(c); c = cdr(c), k++) {
    ASSERT_LT(k, expect.size());
    ASSERT_EQ(tuple_elem(car(c), 1), make_small(Sint(expect[k])));
  }
  EXPECT_EQ(k, expect.size());
}

TEST(B2BinaryModule, ReferencedByteSize) {
  Process p;
  Heap& h = p.heap;
  std::vector<uint8_t> big(100, 1);
  Term b = new_binary(h, big.data(), big.size());
  Term part = call3(binary_part_3, p, b, make_small(1), make_small(10));
  EXPECT_EQ(binary_referenced_byte_size_1(&p, &part), make_small(100));
  Term small = T(h, "<<1,2,3>>");
  EXPECT_EQ(binary_referenced_byte_size_1(&p, &small), make_small(3));
  Term copy = binary_copy_1(&p, &part);
  EXPECT_EQ(binary_referenced_byte_size_1(&p, &copy), make_small(10));
}

}  // namespace
}  // namespace girder
