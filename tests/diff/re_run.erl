%% re:run/2,3: run options, captures of every type and form, named groups,
%% newline conventions at compile and at run time, limits.
-module(re_run).
-export([main/0]).

-import(re_show, [t/2]).

main() ->
    basics(),
    run_options(),
    captures(),
    names(),
    newlines(),
    limits(),
    pcre_semantics(),
    ok.

basics() ->
    t(run2, fun() -> re:run("abcabc", "b(c)") end),
    t(run2_nomatch, fun() -> re:run("abc", "x") end),
    t(binary_subject, fun() -> re:run(<<"hello world">>, "o w") end),
    t(iolist_subject, fun() -> re:run(["he", [<<"ll">>, $o], <<" w">>], "lo w") end),
    t(iolist_pattern, fun() -> re:run("hello", [$l, <<"+">>]) end),
    t(empty_subject, fun() -> re:run("", "^$") end),
    t(empty_pattern, fun() -> re:run("abc", "") end),
    t(sub_binary, fun() -> <<_, B:5/binary, _/binary>> = <<"xabcdefg">>, re:run(B, "d.") end),
    t(unaligned, fun() -> <<_:3, B:3/binary, _:5>> = <<1, 2, 3, 4>>, re:run(B, ".") end),
    t(big_subject, fun() -> re:run(binary:copy(<<"ab">>, 100) ++ "c", "bc") end),
    t(big_binary, fun() -> re:run(<<(binary:copy(<<"ab">>, 100))/binary, "c">>, "bc") end),
    ok.

run_options() ->
    S = "abc\nabd\n",
    Cases = [[], [anchored], [notbol], [noteol], [notempty], [notempty_atstart],
             [{offset, 1}], [{offset, 4}], [{offset, 8}], [global], [multiline],
             [caseless], [dotall], [extended], [firstline], [ungreedy], [dollar_endonly],
             [report_errors], [{capture, none}], [{capture, first}],
             [unicode], [ucp], [no_start_optimize], [bsr_anycrlf], [bsr_unicode]],
    [t({opts, P, O}, fun() -> re:run(S, P, O) end)
     || O <- Cases, P <- ["^ab.", "b.$", "a b d", "", "x*", "(?i)AB", ".*", "c$"]],
    t(offset_past_end, fun() -> catch_exit(fun() -> re:run("ab", "a", [{offset, 3}]) end) end),
    t(offset_unicode_mid, fun() -> re:run(<<"aé"/utf8>>, <<"b">>, [unicode, {offset, 2}]) end),
    t(notempty_empty, fun() -> re:run("", "", [notempty]) end),
    t(notempty_atstart, fun() -> re:run("ab", "x*", [notempty_atstart]) end),
    t(notempty_atstart2, fun() -> re:run("ab", "a?", [notempty_atstart, {offset, 1}]) end),
    t(anchored_compiled, fun() -> {ok, P} = re:compile("b", [anchored]), re:run("ab", P) end),
    t(anchored_run, fun() -> {ok, P} = re:compile("b"), re:run("ab", P, [anchored]) end),
    ok.

%% a process that dies with an error no catch takes: its exit reason
%% (without the error report, which erl's logger prints on stdout; the
%% logger takes the report after the DOWN message, so logging stays off)
catch_exit(F) ->
    _ = (catch logger:set_primary_config(level, none)),
    {Pid, Ref} = spawn_monitor(F),
    receive {'DOWN', Ref, process, Pid, Why} -> Why end.

captures() ->
    P = "(a)(x)?(b)|(z)",
    Specs = [all, all_but_first, first, none, [], [0], [1, 2, 3], [4, 3, 9], [0, 4],
             all_names],
    [t({capture, V, T, S}, fun() -> re:run(S, P, [{capture, V, T}]) end)
     || V <- Specs, T <- [index, list, binary], S <- ["ab", "z", <<"ab">>, <<"qqz">>]],
    [t({capture2, V}, fun() -> re:run("xab", P, [{capture, V}]) end) || V <- Specs],
    t(last_capture_wins, fun() -> re:run("ab", "b", [{capture, all, list}, {capture, first, binary}]) end),
    t(refc_binary_parts, fun() -> Big = binary:copy(<<"0123456789">>, 20),
                                  {match, [A, B]} = re:run(Big, "(5)6", [{capture, all, binary}]),
                                  {A, B, binary:referenced_byte_size(A)} end),
    t(refc_sub_binary_parts, fun() -> <<_:7/binary, Sub/binary>> = binary:copy(<<"0123456789">>, 20),
                                      {match, [A, B]} = re:run(Sub, "(5)6", [{capture, all, binary}]),
                                      {A, B, binary:referenced_byte_size(A)} end),
    t(heap_binary_parts, fun() -> {match, [A]} = re:run(<<"xyz">>, "y", [{capture, all, binary}]),
                                  {A, binary:referenced_byte_size(A)} end),
    [t({bad_capture, C}, fun() -> re:run("ab", "(a)", [C]) end)
     || C <- [{capture, bad}, {capture, all, bad}, {capture, [-1]}, {capture, [1.0]},
              {capture, [1 bsl 40]}, {capture, [[]]}, {capture, [a | b]}, {capture, [[$a | b]]},
              {capture, [<<1:3>>]}, {capture, x, index}, {capture, all, index, x}]],
    ok.

names() ->
    P = "(?<year>\\d{4})-(?<month>\\d\\d)(?:-(?<day>\\d\\d))?",
    S = "on 2023-07 and 2024-01-15",
    [t({names, C}, fun() -> re:run(S, P, [{capture, C, binary}]) end)
     || C <- [all_names, [year], ["month", <<"day">>], [day, 0, year], [nosuch, year], [<<"ye", "ar">>]]],
    t(names_global, fun() -> re:run(S, P, [global, {capture, all_names, list}]) end),
    t(inspect, fun() -> {ok, MP} = re:compile(P), re:inspect(MP, namelist) end),
    t(inspect_none, fun() -> {ok, MP} = re:compile("(a)"), re:inspect(MP, namelist) end),
    D = "(?<n>a)|(?<n>b)|(?<m>c)",
    [t({dupnames, S2, C}, fun() -> re:run(S2, D, [dupnames, {capture, C, index}]) end)
     || S2 <- ["a", "b", "c"], C <- [[n], [m], all_names, [n, m, 0]]],
    t(dup_inspect, fun() -> {ok, MP} = re:compile(D, [dupnames]), re:inspect(MP, namelist) end),
    t(dup_without_option, fun() -> re:run("b", "(?<n>a)|(?<n>b)", [{capture, all_names}]) end),
    t(name_with_nul, fun() -> re:run("ab", "(?<x>a)", [{capture, [<<"x", 0, "y">>]}]) end),
    t(unicode_name, fun() -> re:run("ab", "(?<é>a)", [{capture, ['é'], list}]) end),
    ok.

newlines() ->
    S = <<"a\r\nb\rc\nd", 16#85, "e">>,
    [t({newline, N, P}, fun() -> re:run(S, P, [{newline, N}, multiline, global]) end)
     || N <- [cr, lf, crlf, anycrlf, any], P <- ["^.", ".$", "\\R", "(?s).$"]],
    %% PCRE 8 took newline and \R options at match time too
    {ok, MP} = re:compile("a$", [multiline]),
    [t({run_newline, N}, fun() -> re:run(<<"a\r\nb">>, MP, [{newline, N}]) end)
     || N <- [cr, lf, crlf, anycrlf, any]],
    t(run_newline_bad, fun() -> catch_exit(fun() -> re:run(<<"a\r\nb">>, MP, [{newline, lf}, {newline, any}]) end) end),
    {ok, R} = re:compile("\\R"),
    [t({run_bsr, B}, fun() -> re:run(<<16#85>>, R, [B]) end) || B <- [bsr_anycrlf, bsr_unicode]],
    t(run_bsr_both, fun() -> catch_exit(fun() -> re:run(<<"\n">>, R, [bsr_anycrlf, bsr_unicode]) end) end),
    t(run_compile_option, fun() -> re:run("a", MP, [caseless]) end),
    t(run_unicode_option, fun() -> re:run("a", MP, [unicode]) end),
    ok.

limits() ->
    Evil = "^(a+)+$",
    S = lists:duplicate(26, $a) ++ "!",
    t(match_limit, fun() -> re:run(S, Evil, [report_errors]) end),
    t(match_limit_quiet, fun() -> re:run(S, Evil) end),
    t(match_limit_small, fun() -> re:run("aaaaaaaaaab", "(a|b)*c", [report_errors, {match_limit, 5}]) end),
    t(match_limit_ok, fun() -> re:run("ab", "(a|b)*", [report_errors, {match_limit, 100}]) end),
    t(recursion_limit, fun() -> re:run(lists:duplicate(1000, $a), "^(a|b)*$",
                                       [report_errors, {match_limit_recursion, 10}]) end),
    t(recursion_limit_quiet, fun() -> re:run(lists:duplicate(1000, $a), "^(a|b)*$",
                                             [{match_limit_recursion, 10}]) end),
    t(limits_global, fun() -> re:run(S, Evil, [report_errors, global]) end),
    t(bad_limit, fun() -> re:run("a", "a", [{match_limit, -1}]) end),
    t(bad_recursion_limit, fun() -> re:run("a", "a", [{match_limit_recursion, x}]) end),
    ok.

%% matching semantics that PCRE 8 and PCRE2 share
pcre_semantics() ->
    Cases = [{"foobar", "(?<=foo)bar"}, {"foobar", "(?<!foo)bar"}, {"aaa", "a{2}"},
             {"abcabc", "(abc)\\1"}, {"abab", "(?:(a)|b)+"}, {"aXbX", "a(?=X)"},
             {"abc", "(?i)ABC"}, {"a1b2", "\\d"}, {"tab\there", "\\s"}, {"x_y", "\\w+"},
             {"((a))", "\\((?:[^()]|(?R))*\\)"}, {"abcd", "a(*SKIP)b|."},
             {"aaab", "a*+ab"}, {"aaab", "(?>a*)b"}, {"ab\ncd", "^cd"}, {"ab\ncd", "(?m)^cd"},
             {"xyz", "(*COMMIT)y"}, {"abc", "a\\Kbc"}, {"ab", "(?|(a)|(b))"},
             {"2023", "(?(?=\\d)\\d+|x)"}, {"aab", "(a)(?(1)a|b)"}, {"<<a>>", "<(?:[^<>]|(?R))*>"},
             {"AbC", "[[:upper:]]+"}, {"a.b", "a\\.b"}, {"a+b", "\\Qa+b\\E"}, {"é", "\\w"},
             {<<"é">>, "\\w"}, {<<"É"/utf8>>, "é"}, {"hello", "(?<x>l)\\k<x>"},
             {"word boundary", "\\bb\\w+"}, {"ab", "(?#comment)ab"}, {"a b", "(?x) a \\  b"},
             {"abc", "(?=b)"}, {"aaa", "a*?"}, {"aaa", "a+?"}, {"abc", "[^b]+"},
             {"a\x{0}b", "\\x00"}, {"xAy", "(?i:a)"}, {"foo.bar", "[.]"}, {"AB", "(?i)[a-b]+"}],
    [t({semantics, S, P}, fun() -> re:run(S, P, [{capture, all, list}]) end) || {S, P} <- Cases],
    ok.
