%% Global matching (re.erl's grun loop over re:internal_run/4), empty
%% matches included; re:replace/3,4 and re:split/2,3, which are Erlang code
%% in re.erl on top of the BIFs.
-module(re_global).
-export([main/0]).

-import(re_show, [t/2]).

main() ->
    global(),
    replace(),
    split(),
    ok.

global() ->
    Cases = [{"abcabc", "b"}, {"abc", ""}, {"abc", "x*"}, {"aaa", "a*?"}, {"a,b,,c", ",*"},
             {"", ""}, {"", "x"}, {"ab\r\ncd", "(?m)$"}, {"ab\r\ncd", "(?m)^"},
             {"one two  three", "\\s*"}, {"aXbXc", "(X)|(b)"}, {"xyz", "(?=y)"},
             {"abab", "(?<=a)"}, {"aaa", "a|"}, {"abc", "\\b"}],
    [t({global, S, P, C}, fun() -> re:run(S, P, [global, {capture, C}]) end)
     || {S, P} <- Cases, C <- [all, first, all_but_first, none]],
    [t({global_types, T}, fun() -> re:run(<<"a1b22c333">>, "(\\d)(\\d*)", [global, {capture, all, T}]) end)
     || T <- [index, list, binary]],
    [t({global_crlf, N}, fun() -> re:run(<<"a\r\nb\r\n">>, "", [global, {newline, N}]) end)
     || N <- [lf, crlf, any, anycrlf, cr]],
    t(global_crlf_precompiled, fun() -> {ok, P} = re:compile("", [{newline, crlf}]),
                                        re:run(<<"\r\n\r\n">>, P, [global]) end),
    t(global_unicode_empty, fun() -> re:run(<<"é€x"/utf8>>, "", [global, unicode]) end),
    t(global_unicode_list, fun() -> re:run("é€x", "", [global, unicode, {capture, all, list}]) end),
    t(global_offset, fun() -> re:run("abcabc", "b", [global, {offset, 2}]) end),
    t(global_notempty, fun() -> re:run("abc", "x*", [global, notempty]) end),
    t(global_anchored, fun() -> re:run("aab", "a", [global, anchored]) end),
    t(global_names, fun() -> re:run("k1=v1,k2=v2", "(?<k>\\w+)=(?<v>\\w+)",
                                    [global, {capture, all_names, binary}]) end),
    t(global_names_none, fun() -> re:run("ab", "a", [global, {capture, all_names}]) end),
    t(global_compile_error, fun() -> re:run("ab", "(", [global]) end),
    t(global_compile_error_report, fun() -> re:run("ab", "(", [global, report_errors]) end),
    t(global_bad_capture, fun() -> re:run("ab", "a", [global, {capture, bad}]) end),
    t(global_bad_subject, fun() -> re:run(foo, "a", [global]) end),
    t(global_precompiled_caseless, fun() -> {ok, P} = re:compile("a"),
                                            re:run("aA", P, [global, caseless]) end),
    t(global_caseless, fun() -> re:run("aA", "a", [global, caseless]) end),
    t(internal_run_first, fun() -> {ok, P} = re:compile("b"),
                                   {re:internal_run(<<"abcb">>, P, [{offset, 2}], true),
                                    re:internal_run(<<"abcb">>, P, [], false)} end),
    t(internal_run_bad, fun() -> re:internal_run(<<"a">>, "a", [], maybe) end),
    ok.

replace() ->
    Cases = [{"abcabc", "b", "X", []}, {"abcabc", "b", "X", [global]},
             {"abcabc", "(b)(c)", "[\\2\\1]", [global]}, {"abc", "b", "&&", []},
             {"abc", "b", "\\&", []}, {"abc", "(b)", "\\g1\\g{1}", []},
             {"abc", "", "-", [global]}, {"abc", "x*", "-", [global]},
             {"aaa", "a", "b", [{return, list}]}, {"aaa", "a", "b", [global, {return, binary}]},
             {<<"été"/utf8>>, "é", "e", [unicode, global, {return, binary}]},
             {"été", "é", "e", [unicode, global, {return, list}]},
             {"abc", "B", "x", [caseless]}, {"a\nb", "^b", "x", [multiline]},
             {"abc", "(b)", "\\9", []}, {"abc", "b", <<"\\">>, []},
             {"hello world", "o", "0", [global, {offset, 5}]}],
    [t({replace, S, P, R, O}, fun() -> re:replace(S, P, R, O) end) || {S, P, R, O} <- Cases],
    t(replace3, fun() -> re:replace("abc", "b", "x") end),
    [t({replace_bad, O}, fun() -> re:replace("abc", "b", "x", O) end)
     || O <- [[report_errors], [{capture, all}], [{return, bad}], [bad], x]],
    t(replace_bad_regexp, fun() -> re:replace("abc", "(", "x") end),
    t(replace_bad_subject, fun() -> re:replace(foo, "b", "x") end),
    ok.

split() ->
    Cases = [{"a,b,,c,,", ",", []}, {"a,b,,c,,", ",", [trim]}, {"a,b,,c", ",", [{parts, 2}]},
             {"a,b,,c", ",", [{parts, 0}]}, {"a1b2c", "(\\d)", []}, {"a1b2c", "(\\d)", [group]},
             {"abc", "", []}, {"abc", "x*", []}, {"", ",", []}, {"", ",", [trim]},
             {<<"é,ü"/utf8>>, ",", [unicode, {return, list}]}, {"a b", " ", [{return, binary}]},
             {"aXbxc", "x", [caseless]}, {"a,b", ",", [{return, iodata}]},
             {"a1b", "(\\d)|(x)", [{return, list}]}, {"ab", "(?=b)", []}],
    [t({split, S, P, O}, fun() -> re:split(S, P, O) end) || {S, P, O} <- Cases],
    t(split2, fun() -> re:split("a b c", " ") end),
    [t({split_bad, O}, fun() -> re:split("abc", "b", O) end)
     || O <- [[global], [report_errors], [{capture, all}], [{parts, -1}], [{return, x}], [bad]]],
    t(split_precompiled, fun() -> {ok, P} = re:compile("(,)"), re:split("a,b", P, [group]) end),
    t(split_bad_regexp, fun() -> re:split("abc", "(") end),
    ok.
