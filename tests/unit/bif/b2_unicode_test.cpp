// unicode: characters_to_binary/2, characters_to_list/2, bin_is_7bit/1
// (bif/unicode_bifs.cpp, unicode_native.cpp, unicode_wide.cpp). The table's
// expected values are erl's (b2_cases/), including the exact shape of Rest
// in {error, _, Rest} and {incomplete, _, Rest}.
#include "b2_test_util.h"

namespace girder {
namespace {

using namespace b2test;

TEST(B2Unicode, AgreesWithErl) {
  run_cases({
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[97,<<"bc">>,[100,[<<195,169>>]]],unicode])", R"(<<97,98,99,100,195,169>>)"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[97,-1,98],unicode])", R"({error,<<97>>,[-1,98]})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[97,[98,-1,99],100],unicode])", R"({error,<<97,98>>,[[-1,99],100]})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[97,[98,[<<99,255,100>>],101],102],unicode])", R"({error,<<97,98,99>>,[[[<<255,100>>],101],102]})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[97,[98,[<<99,195>>]]],unicode])", R"({incomplete,<<97,98,99>>,<<195>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[97,[98,[<<99,195>>],100]],unicode])", R"({error,<<97,98,99>>,[<<195>>,[[100]]]})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[97,[98,[<<99,195>>],<<169>>]],unicode])", R"(<<97,98,99,195,169>>)"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[97,[98,[<<99,195>>],<<169,100>>]],unicode])", R"(<<97,98,99,195,169,100>>)"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[<<99,226>>,<<130>>,<<172,100>>],unicode])", R"(<<99,226,130,172,100>>)"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[<<99,226>>,<<130>>],unicode])", R"({incomplete,<<99>>,<<226,130>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[<<99,226>>,[<<130>>]],unicode])", R"({incomplete,<<99>>,<<226,130>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[<<99,226>>,a],unicode])", R"(error:badarg)"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[<<99,226>>,1],unicode])", R"({error,<<99>>,[<<226>>,[1]]})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[<<99,226>>,1|2],unicode])", R"(error:badarg)"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<99,226,130>>,unicode])", R"({incomplete,<<99>>,<<226,130>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<99,226,130>>,utf8])", R"({incomplete,<<99>>,<<226,130>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<99,255,130>>,utf8])", R"({error,<<99>>,<<255,130>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<99,255,130>>,latin1])", R"(<<99,195,191,194,130>>)"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[99,255,256],latin1])", R"({error,<<99,195,191>>,[256]})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[99,255,1114112],unicode])", R"({error,<<99,195,191>>,[1114112]})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[99,255,55296],unicode])", R"({error,<<99,195,191>>,[55296]})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[99,255,57343,1],unicode])", R"({error,<<99,195,191>>,[57343,1]})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[99,255,65534,1],unicode])", R"(<<99,195,191,239,191,190,1>>)"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[1114111],unicode])", R"(<<244,143,191,191>>)"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<237,160,128>>,unicode])", R"({error,<<>>,<<237,160,128>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<192,128>>,unicode])", R"({error,<<>>,<<192,128>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<193,191>>,unicode])", R"({error,<<>>,<<193,191>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<194,128>>,unicode])", R"(<<194,128>>)"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<224,128,128>>,unicode])", R"({error,<<>>,<<224,128,128>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<224,160,128>>,unicode])", R"(<<224,160,128>>)"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<244,144,128,128>>,unicode])", R"({error,<<>>,<<244,144,128,128>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<244,143,191,191>>,unicode])", R"(<<244,143,191,191>>)"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<240,128,128,128>>,unicode])", R"({error,<<>>,<<240,128,128,128>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<245,128,128,128>>,unicode])", R"({error,<<>>,<<245,128,128,128>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<248,128,128,128,128>>,unicode])", R"({error,<<>>,<<248,128,128,128,128>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<128>>,unicode])", R"({error,<<>>,<<128>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<240,159>>,unicode])", R"({incomplete,<<>>,<<240,159>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<240,159,152>>,unicode])", R"({incomplete,<<>>,<<240,159,152>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<240,159,152,128>>,unicode])", R"(<<240,159,152,128>>)"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<240,65>>,unicode])", R"({error,<<>>,<<240,65>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<240,159,65>>,unicode])", R"({error,<<>>,<<240,159,65>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<192>>,unicode])", R"({incomplete,<<>>,<<192>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[<<192>>],unicode])", R"({incomplete,<<>>,<<192>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[<<192>>,<<65>>],unicode])", R"({error,<<>>,[<<192>>,[<<65>>]]})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[<<226,65>>],unicode])", R"({error,<<>>,<<226,65>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[<<226,65>>,<<1>>],unicode])", R"({error,<<>>,[<<226,65>>,[<<1>>]]})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<1:1>>,unicode])", R"(error:badarg)"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[<<1:1>>],unicode])", R"(error:badarg)"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([a,unicode])", R"(error:badarg)"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[a],unicode])", R"(error:badarg)"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[1.5],unicode])", R"(error:badarg)"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<"abc">>,foo])", R"(error:badarg)"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([a,foo])", R"(error:badarg)"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[1180591620717411303424],unicode])", R"({error,<<>>,[1180591620717411303424]})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[-1,a],unicode])", R"(error:badarg)"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[<<"a">>,1180591620717411303424,a],unicode])", R"({error,<<97>>,[1180591620717411303424,a]})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[<<"a">>,[1180591620717411303424]],latin1])", R"({error,<<97>>,[[1180591620717411303424]]})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[[1180591620717411303424],a],unicode])", R"({error,<<>>,[[1180591620717411303424],a]})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[1180591620717411303424|a],unicode])", R"({error,<<>>,[1180591620717411303424|a]})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[1|1180591620717411303424],unicode])", R"(error:badarg)"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[1,[2,1180591620717411303424,3]|a],unicode])", R"({error,<<1,2>>,[[1180591620717411303424,3]|a]})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[1114112,a],unicode])", R"(error:badarg)"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[300,a],latin1])", R"(error:badarg)"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[<<"ab",237>>,<<160,128,65>>],unicode])", R"({error,<<97,98>>,[<<237>>,[<<160,128,65>>]]})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[<<"ab",237>>,<<160>>,<<128,65>>],unicode])", R"({error,<<97,98>>,[<<237,160>>,[<<128,65>>]]})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[<<"ab",226>>,<<130>>,<<65>>],unicode])", R"({error,<<97,98>>,[<<226,130>>,[<<65>>]]})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[<<"ab",226>>,<<130>>,65],unicode])", R"({error,<<97,98>>,[<<226,130>>,[65]]})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[<<"ab",226>>,<<130>>|<<65>>],unicode])", R"({error,<<97,98>>,[<<226,130>>,<<65>>]})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[<<"ab",226>>,[],<<130,172>>],unicode])", R"(<<97,98,226,130,172>>)"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[<<"ab",226>>,[[]],<<130,172>>],unicode])", R"(<<97,98,226,130,172>>)"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[<<"ab",226>>,[[]]],unicode])", R"({incomplete,<<97,98>>,<<226>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[<<"ab",240>>,<<159>>,<<152>>,<<128>>,<<"z">>],unicode])", R"(<<97,98,240,159,152,128,122>>)"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[<<"ab",240>>,<<159>>,[<<152>>,<<66>>]],unicode])", R"({error,<<97,98>>,[<<240,159,152>>,[[<<66>>]]]})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<"ab",237,160>>,unicode])", R"({incomplete,<<97,98>>,<<237,160>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<"ab",237,160,65>>,unicode])", R"({error,<<97,98>>,<<237,160,65>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<"ab",237,160,128,65>>,unicode])", R"({error,<<97,98>>,<<237,160,128,65>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<"abc">>,latin1])", R"(<<97,98,99>>)"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[<<"abc">>],latin1])", R"(<<97,98,99>>)"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[[<<"abc">>]],latin1])", R"(<<97,98,99>>)"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[<<"abc",200>>|<<201>>],latin1])", R"(<<97,98,99,195,136,195,137>>)"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[],latin1])", R"(<<>>)"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[],unicode])", R"(<<>>)"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<>>,unicode])", R"(<<>>)"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[[[[]]]],unicode])", R"(<<>>)"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<"abc">>,utf16])", R"({incomplete,<<230,133,162>>,<<99>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<0,97,216>>,utf16])", R"({incomplete,<<97>>,<<216>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[<<0,97,216>>,<<0,220,0>>],utf16])", R"(<<97,240,144,128,128>>)"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[<<0,97>>,<<216,0,0,0>>],utf16])", R"({error,<<97>>,[<<216,0,0,0>>]})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[<<0,97>>,98,<<216,0,0,0>>],utf16])", R"({error,<<97,98>>,[<<216,0,0,0>>]})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[<<0,97,0>>,98],utf16])", R"({error,<<97>>,[<<0>>,98]})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<97,0,0,0,0,216,0,0>>,{utf32,little}])", R"({error,<<97>>,<<0,216,0,0>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<0,0,0,97,0,0,216,0>>,utf32])", R"({error,<<97>>,<<0,0,216,0>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<0,0,0,97,0,17,0,0>>,utf32])", R"({error,<<97>>,<<0,17,0,0>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<0,0,0,97,0,16,255,255>>,{utf32,big}])", R"(<<97,244,143,191,191>>)"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[1,2,a],utf32])", R"(error:badarg)"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([a,utf32])", R"(error:badarg)"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<0,0,0,97,0,0,216>>,utf32])", R"({error,<<97>>,<<0,0,216>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<0,0,0,97,0,0>>,utf32])", R"({incomplete,<<97>>,<<0,0>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<0,0,0,97,0>>,utf32])", R"({incomplete,<<97>>,<<0>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<0,0,0,97,1>>,utf32])", R"({error,<<97>>,<<1>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<0,0,0,97,0,17>>,utf32])", R"({error,<<97>>,<<0,17>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<0,0,0,97,0,0,220>>,utf32])", R"({error,<<97>>,<<0,0,220>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<0,0,0,97,0,1,220>>,utf32])", R"({incomplete,<<97>>,<<0,1,220>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<97,0,0,0,1>>,{utf32,little}])", R"({incomplete,<<97>>,<<1>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<97,0,0,0,1,2>>,{utf32,little}])", R"({incomplete,<<97>>,<<1,2>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<97,0,0,0,254,255,0>>,{utf32,little}])", R"({error,<<97>>,<<254,255,0>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<97,0,0,0,0,216,0>>,{utf32,little}])", R"({error,<<97>>,<<0,216,0>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<97,0,0,0,0,216,1>>,{utf32,little}])", R"({incomplete,<<97>>,<<0,216,1>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<97,0,0,0,0,0,17>>,{utf32,little}])", R"({error,<<97>>,<<0,0,17>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<97,0,220>>,{utf16,little}])", R"({incomplete,<<97>>,<<220>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<97,0,0,216>>,{utf16,little}])", R"({incomplete,<<97>>,<<0,216>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<97,0,0,216,0>>,{utf16,little}])", R"({incomplete,<<97>>,<<0,216,0>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<97,0,0,216,0,220>>,{utf16,little}])", R"(<<97,240,144,128,128>>)"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<97,0,0,216,0,0>>,{utf16,little}])", R"({error,<<97>>,<<0,216,0,0>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<97,0,0,220>>,{utf16,little}])", R"({error,<<97>>,<<0,220>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<97,0,0>>,{utf16,little}])", R"({incomplete,<<97>>,<<0>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[<<97,0,0>>,<<216>>,<<0>>,<<220,98>>,<<0>>],{utf16,little}])", R"(<<97,240,144,128,128,98>>)"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[<<97,0,0>>,<<216>>],{utf16,little}])", R"({incomplete,<<97>>,<<0,216>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<0,97,220,0>>,utf16])", R"({error,<<97>>,<<220,0>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<0,97,220>>,utf16])", R"({error,<<97>>,<<220>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<0,97,216,0,0>>,utf16])", R"({error,<<97>>,<<216,0,0>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<0,97,216,0,220>>,utf16])", R"({incomplete,<<97>>,<<216,0,220>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<0,97,216,0,0,0>>,{utf16,big}])", R"({error,<<97>>,<<216,0,0,0>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[<<0,97>>,-1,98],utf16])", R"({error,<<97>>,[[-1],98]})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[-1,a],utf16])", R"({error,<<>>,[[-1],a]})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[<<0,97>>,a],utf16])", R"(error:badarg)"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[<<0,97>>|<<216,0,0,0>>],utf16])", R"({error,<<97>>,<<216,0,0,0>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[<<0,97>>,1180591620717411303424],utf16])", R"({error,<<97>>,[[1180591620717411303424]]})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[<<0,97>>|<<216>>],utf16])", R"({incomplete,<<97>>,<<216>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[<<0,97,216>>|<<0>>],utf16])", R"({incomplete,<<97>>,<<216,0>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[<<0,97,216>>|<<0,220,0>>],utf16])", R"(<<97,240,144,128,128>>)"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[<<0,97,216>>|<<0,0,0>>],utf16])", R"({error,<<97>>,[<<216,0,0,0>>,<<>>]})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[<<0,97,216>>,<<0,0,0>>],utf16])", R"({error,<<97>>,[<<216,0,0,0>>,<<>>]})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[<<0,97,216>>,[<<0>>,[<<220>>],3]],utf16])", R"({error,<<97>>,[[<<216,0,220>>,3]]})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[<<0,97,216>>,[<<0>>,[<<220>>],<<0,98>>,[[]]]],utf16])", R"({incomplete,<<97,240,144,128,128>>,<<98>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[<<0,97,216>>,[]],utf16])", R"({incomplete,<<97>>,<<216>>})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[<<0,97>>,[<<0,98>>,[1114112,5]],6],utf16])", R"({error,<<97,98>>,[[[[1114112],5]],6]})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[<<0,97>>,[<<0,98>>,[55296]]],utf32])", R"({error,<<>>,[<<0,97>>,[<<0,98>>,[55296]]]})"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[<<0,97>>,<<1:1>>],utf16])", R"(error:badarg)"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[<<0,97>>|a],utf16])", R"(error:badarg)"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[<<0,97>>|5],utf16])", R"(error:badarg)"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([5,utf16])", R"(error:badarg)"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([[],utf16])", R"(<<>>)"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<>>,utf32])", R"(<<>>)"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<0,97>>,{utf16,middle}])", R"(error:badarg)"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<0,97>>,{utf8,big}])", R"(error:badarg)"},
    {unicode_characters_to_binary_2, "unicode:characters_to_binary/2", R"([<<0,97>>,{utf16,big,x}])", R"(error:badarg)"},
    {unicode_characters_to_list_2, "unicode:characters_to_list/2", R"([[97,<<"bc">>,[100,[<<195,169>>]]],unicode])", R"([97,98,99,100,233])"},
    {unicode_characters_to_list_2, "unicode:characters_to_list/2", R"([[97,[98,[<<99,255,100>>],101],102],unicode])", R"({error,[97,98,99],[[[<<255,100>>],101],102]})"},
    {unicode_characters_to_list_2, "unicode:characters_to_list/2", R"([[97,[98,[<<99,195>>]]],unicode])", R"({incomplete,[97,98,99],<<195>>})"},
    {unicode_characters_to_list_2, "unicode:characters_to_list/2", R"([[97,[98,[<<99,195>>],100]],unicode])", R"({error,[97,98,99],[<<195>>,[[100]]]})"},
    {unicode_characters_to_list_2, "unicode:characters_to_list/2", R"([<<99,195>>,unicode])", R"({incomplete,[99],<<195>>})"},
    {unicode_characters_to_list_2, "unicode:characters_to_list/2", R"([<<99,255>>,latin1])", R"([99,255])"},
    {unicode_characters_to_list_2, "unicode:characters_to_list/2", R"([[256,<<99,255>>],latin1])", R"({error,[],[256,<<99,255>>]})"},
    {unicode_characters_to_list_2, "unicode:characters_to_list/2", R"([[97,-1,98],unicode])", R"({error,[97],[-1,98]})"},
    {unicode_characters_to_list_2, "unicode:characters_to_list/2", R"([a,unicode])", R"(error:badarg)"},
    {unicode_characters_to_list_2, "unicode:characters_to_list/2", R"([[a],unicode])", R"(error:badarg)"},
    {unicode_characters_to_list_2, "unicode:characters_to_list/2", R"([<<1:1>>,unicode])", R"(error:badarg)"},
    {unicode_characters_to_list_2, "unicode:characters_to_list/2", R"([<<1:1>>,latin1])", R"(error:badarg)"},
    {unicode_characters_to_list_2, "unicode:characters_to_list/2", R"([[<<"abc">>],unicode])", R"([97,98,99])"},
    {unicode_characters_to_list_2, "unicode:characters_to_list/2", R"([[<<"ab",200>>],unicode])", R"({incomplete,[97,98],<<200>>})"},
    {unicode_characters_to_list_2, "unicode:characters_to_list/2", R"([<<"ab",200>>,latin1])", R"([97,98,200])"},
    {unicode_characters_to_list_2, "unicode:characters_to_list/2", R"([<<"ab",226,130>>,unicode])", R"({incomplete,[97,98],<<226,130>>})"},
    {unicode_characters_to_list_2, "unicode:characters_to_list/2", R"([<<"ab",226,65>>,unicode])", R"({error,[97,98],<<226,65>>})"},
    {unicode_characters_to_list_2, "unicode:characters_to_list/2", R"([<<"ab",240,144>>,unicode])", R"({incomplete,[97,98],<<240,144>>})"},
    {unicode_characters_to_list_2, "unicode:characters_to_list/2", R"([<<"ab",240,65>>,unicode])", R"({error,[97,98],<<240,65>>})"},
    {unicode_characters_to_list_2, "unicode:characters_to_list/2", R"([<<"ab",237,160>>,unicode])", R"({incomplete,[97,98],<<237,160>>})"},
    {unicode_characters_to_list_2, "unicode:characters_to_list/2", R"([<<"ab",237,160,128>>,unicode])", R"({error,[97,98],<<237,160,128>>})"},
    {unicode_characters_to_list_2, "unicode:characters_to_list/2", R"([<<"ab",255>>,unicode])", R"({error,[97,98],<<255>>})"},
    {unicode_characters_to_list_2, "unicode:characters_to_list/2", R"([<<"ab",240,159,152,128,"c">>,utf8])", R"([97,98,128512,99])"},
    {unicode_characters_to_list_2, "unicode:characters_to_list/2", R"([[1180591620717411303424,a],latin1])", R"({error,[],[1180591620717411303424,a]})"},
    {unicode_characters_to_list_2, "unicode:characters_to_list/2", R"([[1180591620717411303424,a],unicode])", R"({error,[],[1180591620717411303424,a]})"},
    {unicode_characters_to_list_2, "unicode:characters_to_list/2", R"([[300,a],latin1])", R"(error:badarg)"},
    {unicode_characters_to_list_2, "unicode:characters_to_list/2", R"([<<0,97,216>>,utf16])", R"({incomplete,[97],<<216>>})"},
    {unicode_characters_to_list_2, "unicode:characters_to_list/2", R"([[<<0,97>>,98,<<216,0,0,0>>],utf16])", R"({error,[97,98],[<<216,0,0,0>>]})"},
    {unicode_characters_to_list_2, "unicode:characters_to_list/2", R"([[<<0,97>>,98,<<216,0,0,0>>],{utf16,little}])", R"([24832,98,216,0])"},
    {unicode_characters_to_list_2, "unicode:characters_to_list/2", R"([<<0,0,0,97,0,0,216,0>>,utf32])", R"({error,[97],<<0,0,216,0>>})"},
    {unicode_characters_to_list_2, "unicode:characters_to_list/2", R"([<<"abc">>,foo])", R"(error:badarg)"},
    {unicode_characters_to_list_2, "unicode:characters_to_list/2", R"([a,utf16])", R"(error:badarg)"},
    {unicode_characters_to_list_2, "unicode:characters_to_list/2", R"([[],unicode])", R"([])"},
    {unicode_characters_to_list_2, "unicode:characters_to_list/2", R"([<<>>,unicode])", R"([])"},
    {unicode_bin_is_7bit_1, "unicode:bin_is_7bit/1", R"([<<"abc">>])", R"(true)"},
    {unicode_bin_is_7bit_1, "unicode:bin_is_7bit/1", R"([<<"abc",200>>])", R"(false)"},
    {unicode_bin_is_7bit_1, "unicode:bin_is_7bit/1", R"([<<"abc",1:1>>])", R"(false)"},
    {unicode_bin_is_7bit_1, "unicode:bin_is_7bit/1", R"([a])", R"(false)"},
    {unicode_bin_is_7bit_1, "unicode:bin_is_7bit/1", R"([<<>>])", R"(true)"},
  });
}

Term call2(BifFn f, Process& p, Term a, Term b) {
  Term args[2] = {a, b};
  return f(&p, args);
}

// A binary that is already valid comes back as the same term.
TEST(B2Unicode, ValidBinaryIsReturnedAsIs) {
  Process p;
  Heap& h = p.heap;
  Term utf8 = T(h, "<<97,195,169,240,159,152,128>>");
  EXPECT_EQ(call2(unicode_characters_to_binary_2, p, utf8, atom::unicode), utf8);
  Term wrapped = make_cons(h, utf8, NIL);
  EXPECT_EQ(call2(unicode_characters_to_binary_2, p, wrapped, atom::utf8), utf8);
  Term ascii = T(h, "<<\"abc\">>");
  EXPECT_EQ(call2(unicode_characters_to_binary_2, p, ascii, atom::latin1), ascii);
  Term high = T(h, "<<\"ab\",200>>");
  Term conv = call2(unicode_characters_to_binary_2, p, high, atom::latin1);
  EXPECT_NE(conv, high);
  EXPECT_EQ(term_to_text(conv), "<<97,98,195,136>>");
}

// Sizes of the parts of Rest: binaries by byte size, other terms as text.
std::string rest_shape(Term rest) {
  std::string s;
  for (Term c = rest; is_list(c); c = cdr(c)) {
    Term e = car(c);
    s += (is_bitstring(e) ? std::to_string(bit_view(e).byte_size()) : term_to_text(e)) + " ";
  }
  return s;
}

// utf16 input is walked in 8192-byte pieces, which shows in Rest (the
// expected shapes are erl's).
TEST(B2Unicode, WideInputIsCutInPieces) {
  Process p;
  Heap& h = p.heap;
  std::vector<uint8_t> b;  // 5000 x "a" in UTF-16BE
  for (int i = 0; i < 5000; i++) b.insert(b.end(), {0, 97});
  auto bin = [&](std::vector<uint8_t> v) { return new_binary(h, v.data(), v.size()); };
  auto cat = [](std::initializer_list<std::vector<uint8_t>> parts) {
    std::vector<uint8_t> v;
    for (auto& x : parts) v.insert(v.end(), x.begin(), x.end());
    return v;
  };
  std::vector<uint8_t> head200(b.begin(), b.begin() + 200), head8191(b.begin(), b.begin() + 8191);

  Term in1 = bin(cat({head200, {0xDC, 0}, b}));
  Term r1 = call2(unicode_characters_to_binary_2, p, in1, atom::utf16);
  ASSERT_TRUE(is_tuple(r1));
  EXPECT_EQ(tuple_elem(r1, 1), atom::error);
  EXPECT_EQ(bit_view(tuple_elem(r1, 2)).byte_size(), 100u);
  EXPECT_EQ(rest_shape(tuple_elem(r1, 3)), "7992 2010 ");

  Term in2 = make_cons(h, in1, make_cons(h, make_small(5), NIL));
  Term r2 = call2(unicode_characters_to_binary_2, p, in2, atom::utf16);
  EXPECT_EQ(rest_shape(tuple_elem(r2, 3)), "7992 2010 5 ");

  Term in3 = make_cons(h, bin(cat({b, head8191, {0xD8, 0, 0xD8, 0}, b})), make_cons(h, make_small(5), NIL));
  Term r3 = call2(unicode_characters_to_binary_2, p, in3, atom::utf16);
  EXPECT_EQ(bit_view(tuple_elem(r3, 2)).byte_size(), 24097u);
  EXPECT_EQ(rest_shape(tuple_elem(r3, 3)), "1 5 ");

  Term in4 = make_cons(h, bin(head8191), make_cons(h, bin({0, 0xD8}), NIL));
  Term r4 = call2(unicode_characters_to_binary_2, p, in4, atom::utf16);
  EXPECT_EQ(tuple_elem(r4, 1), atom::incomplete);
  EXPECT_EQ(bit_view(tuple_elem(r4, 2)).byte_size(), 4096u);
  EXPECT_EQ(term_to_text(tuple_elem(r4, 3)), "<<216>>");  // the odd byte and 0 made U+0000

  Term in5 = make_cons(h, bin(head8191), make_cons(h, bin({0, 0xDC, 1}), NIL));
  Term r5 = call2(unicode_characters_to_list_2, p, in5, atom::utf16);
  EXPECT_EQ(tuple_elem(r5, 1), atom::error);
  Uint n = 0;
  for (Term c = tuple_elem(r5, 2); is_list(c); c = cdr(c)) n++;
  EXPECT_EQ(n, 4096u);
  EXPECT_EQ(term_to_text(tuple_elem(r5, 3)), "[<<220,1>>]");
}

// A UTF-8 binary that starts in the middle of a byte.
TEST(B2Unicode, UnalignedBinary) {
  Process p;
  Heap& h = p.heap;
  std::vector<uint8_t> text = {0x61, 0xC3, 0xA9, 0xFF};
  std::vector<uint8_t> raw(text.size() + 1, 0);
  for (size_t i = 0; i < text.size(); i++) {
    raw[i] |= text[i] >> 1;
    raw[i + 1] |= uint8_t(text[i] << 7);
  }
  Term s = unaligned(h, raw, 1, text.size() * 8);
  EXPECT_EQ(term_to_text(call2(unicode_characters_to_list_2, p, s, atom::unicode)),
            "{error,[97,233],<<255>>}");
  EXPECT_EQ(term_to_text(call2(unicode_characters_to_binary_2, p, s, atom::unicode)),
            "{error,<<97,195,169>>,<<255>>}");
  EXPECT_EQ(term_to_text(call2(unicode_characters_to_binary_2, p, s, atom::latin1)),
            "<<97,195,131,194,169,195,191>>");
  EXPECT_EQ(unicode_bin_is_7bit_1(&p, &s), atom::am_false);
}

}  // namespace
}  // namespace girder
