%% re:compile/1,2: every compile option, the fields of the pattern tuple
%% (group count, unicode, crlf newline), and compile errors with ERTS's
%% texts and offsets.
-module(re_compile).
-export([main/0]).

-import(re_show, [t/2]).

main() ->
    options(),
    newlines(),
    errors(),
    unicode_errors(),
    limits(),
    ok.

options() ->
    Opts = [[], [unicode], [anchored], [caseless], [dollar_endonly], [dotall],
            [extended], [firstline], [multiline], [no_auto_capture], [dupnames],
            [ungreedy], [bsr_anycrlf], [bsr_unicode], [no_start_optimize], [ucp],
            [never_utf], [unicode, ucp], [caseless, multiline, dotall, extended]],
    [t({compile, O}, fun() -> re:compile("a(b)(?<n>c)", O) end) || O <- Opts],
    t(compile1, fun() -> re:compile("(a)(b)((c)|d)") end),
    t(iolist, fun() -> re:compile([$a, [<<"(b">>], $)]) end),
    t(binary, fun() -> re:compile(<<"x+">>) end),
    t(empty, fun() -> re:compile("") end),
    t(no_auto_capture, fun() -> re:compile("(a)(?<n>b)", [no_auto_capture]) end),
    t(dupnames, fun() -> re:compile("(?<n>a)|(?<n>b)", [dupnames]) end),
    t(inline_dupnames, fun() -> re:compile("(?J)(?<n>a)|(?<n>b)") end),
    t(branch_reset, fun() -> re:compile("(?|(a)|(b)(c))") end),
    %% the pattern stops at a NUL byte, as ERTS hands PCRE a C string
    t(nul, fun() -> re:compile(<<"a(", 0, "b">>) end),
    t(nul_run, fun() -> re:run(<<"a", 0, "c">>, <<"a", 0, "b">>) end),
    %% a compile option is only for re:compile; run options are refused
    [t({run_option, O}, fun() -> re:compile("a", [O]) end)
     || O <- [global, notbol, noteol, notempty, notempty_atstart, report_errors,
              {offset, 0}, {capture, all}, {capture, all, list}, {match_limit, 5},
              {match_limit_recursion, 5}]],
    [t({bad_option, O}, fun() -> re:compile("a", O) end)
     || O <- [[bad], [{newline, nul}], [{newline, bad}], [{newline}], [1], [unicode | x],
              x, [{offset, -1}], [{capture, all, list, x}]]],
    [t({bad_regexp, R}, fun() -> re:compile(R) end)
     || R <- [foo, 1, [a], [256], <<1:3>>, {re_pattern, 0, 0, 0, <<>>}]],
    t(unicode_list, fun() -> re:compile([$a, 300, $b], [unicode]) end),
    t(unicode_latin1_list, fun() -> re:compile([$a, 300], []) end),
    t(unicode_bad_list, fun() -> re:compile([$a, -1], [unicode]) end),
    ok.

newlines() ->
    [t({newline, N}, fun() -> re:compile("a$", [{newline, N}]) end)
     || N <- [cr, lf, crlf, anycrlf, any]],
    %% PCRE 8 ORs the bits of several newline options
    [t({newlines, A, B}, fun() -> re:compile("a", [{newline, A}, {newline, B}]) end)
     || A <- [cr, lf, crlf, anycrlf, any], B <- [cr, lf, crlf, anycrlf, any]],
    t(bsr_both, fun() -> re:compile("a", [bsr_anycrlf, bsr_unicode]) end),
    [t({verb, P}, fun() -> re:compile(P) end)
     || P <- ["(*CR)a", "(*LF)a", "(*CRLF)a", "(*ANYCRLF)a", "(*ANY)a", "(*UTF8)a",
              "(*UTF)a", "(*UCP)a", "(*BSR_ANYCRLF)a", "(*NO_START_OPT)a",
              "(*LIMIT_MATCH=10)a", "(*LIMIT_RECURSION=10)a", "(*CR)(*LF)a"]],
    ok.

errors() ->
    Pats = ["a\\", "a\\c", "a{2,1}", "a{99999}", "[abc", "[z-a]", "*a", "a**", "(?<a",
            "(?z)", "[:alpha:]", "[[.a.]]", "[[=a=]]", "(abc", "\\2(a)", "(?#abc", "abc)",
            "(?(1a)", "(?<=a+)b", "(?<=a)b(?<=c+)", "(?<=a|(?:b|cc))x", "(?(1)a|b|c)",
            "(?(?x)a)", "(?+a)", "[[:foo:]]", "\\x{100}", "(?C256)", "(?C12", "(*MARK:a\\",
            "(?Pxa)", "(?<a>a)(?<a>b)", "(?<1a>a)", "\\p{Foo}", "\\pZ\\p", "\\p{",
            "(?<aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa>a)", "[a-\\d]", "\\400",
            "(?(DEFINE)a|b)", "x(?(DEFINE)a|b)", "\\o", "(?R", "(*FOO)", "(?<n>a)(?P=",
            "(?P>", "\\o{8}", "(?|(?<a>a)|(?<b>b))", "(*MARK)", "\\x{zz}", "\\c", "\\k",
            "[\\N]", "\\x{}", "(?(VERSION=x)a)", "(?C'abc", "\\L", "\\u", "\\U", "\\N{name}",
            "\\x{d800}", "a(?1)", "(?-0)", "(?P<a", "\\k<a", "(?&", "(?&a)", "(?P=a)", "\\ga",
            "[[:alpha:", "x{3}{2}", "(?(R&a)b)", "(?(<a>)b)", "(?(a)b)", "(?(1",
            "(?'a'b", "(?<=\\X)a", "(?<=\\R)a", "\\x{110000}", "(?(?=a)b|c|d)",
            "x(?(?=a)b|c|d)", "a{3,2}", "[a-\\w]", "\\p", "[\\p{Xx}]", "(?+0)", "\\k{",
            "(?'", "(?C999)", "[[:a", "(?<=(?1))(b+)", "(?(DEFINE)", "(?(R1", "(?(R",
            "(?(Rx)a)", "(?(+1)a)", "(?(-1)a)", "(?(1)a)", "\\b*", "^*", "$*", "\\A+",
            "(*COMMIT)*", "(?|(a)|(b)(c))\\3", "\\x{41", "\\o{7777777777}", "[a\\", "[\\Q]",
            "[]", "[^]", "a{1,70000}", "a{70000,}", "(?#", "\\x{ffffffff}", "\\g<1>",
            "\\g'a'", "\\g<a>", "(?65536)", "(*MARK:" ++ lists:duplicate(300, $a) ++ ")",
            "(?^-i)", "(*foo:a)", "(?<=ab(?<=c+)d)ef", "(a)(?<=b+(?1))", "(a+)(?<=b(?1))",
            "(a(?<=b(?1)))", "(?<%)b", "(?(<bc))", "(?(''))", "^(a)\\g{0}", "\\g0",
            "^(a)\\g{3", "(^(a|b\\g<-1'c))", "\\g{4df}", "\\g'3gh'", "\\g<5fg>", "^A\\oB",
            "\\othing", "\\o{}", "^A\\x{12Z", "^A\\x{", "(*LIMIT_MATCH=12bc)abc",
            "(*LIMIT_MATCH=4294967290)abc"],
    [t({error, P}, fun() -> re:compile(P) end) || P <- Pats],
    %% what PCRE 8 reads differently from PCRE2, compiled and run
    Read = [{"a\\i", "ai"}, {"[\\B]", "B"}, {"[\\R\\X]+", "RX"}, {"^[\\w-.]+$", "a-.b"},
            {"^[\\d-z]+$", "1-z"}, {"^[[:alpha:]-9]+$", "a-9"}, {"^[\\w-]+$", "a-"},
            {"(?=a\\K)", "a"}, {"\\Qa[\\w-.]\\E", "a[\\w-.]"}, {"[\\Q-\\E\\d]+", "-1"},
            {"^A\\8B\\9C$", "A8B9C"}, {"^(a)(b)(c)(d)(e)(f)(g)(h)\\8$", "abcdefghh"},
            {"[\\z\\C]+", "zC"}, {"a[\\C-X]b", "aJb"}, {[$^, $\\, $c, 127], "?"},
            {[$^, $\\, $c, 1], [$A]}],
    [t({pcre8_syntax, P, S}, fun() -> re:run(S, P) end) || {P, S} <- Read],
    t(deep_nesting_ok, fun() -> nested(798) end),
    t(deep_nesting, fun() -> nested(799) end),
    t(too_large, fun() -> re:compile(lists:duplicate(20000, "abcdefghij")) end),
    t(too_many_names, fun() -> re:compile([io_lib:format("(?<n~w>a)", [I])
                                           || I <- lists:seq(1, 10001)]) end),
    ok.

nested(N) ->
    re:compile(lists:duplicate(N, $() ++ "a" ++ lists:duplicate(N, $))).

unicode_errors() ->
    [t({utf8, B}, fun() -> re:compile(B, [unicode]) end)
     || B <- [<<"ab", 255>>, <<"ab", 195, 40, "c">>, <<"ab", 237, 160, 128>>, <<192, 128>>,
              <<"a", 244, 144, 128, 128>>, <<128>>, <<"abc", 226, 130>>]],
    t(utf8_ok, fun() -> re:compile(<<"é+"/utf8>>, [unicode]) end),
    t(latin1_ok, fun() -> re:compile(<<"é+">>) end),
    t(never_utf, fun() -> re:compile("(*UTF)a", [never_utf]) end),
    t(unicode_escape, fun() -> re:compile("\\x{100}", [unicode]) end),
    t(surrogate, fun() -> re:compile("\\x{d800}", [unicode]) end),
    ok.

limits() ->
    t(many_groups, fun() -> {ok, {re_pattern, N, _, _, _}} =
                                re:compile(lists:duplicate(1000, "(a)")), N end),
    ok.
