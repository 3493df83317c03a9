%% re with unicode: UTF-8 subjects and patterns, chardata lists (re:urun
%% and re:ucompile), invalid UTF-8, ucp; and the Latin-1 character classes
%% of non-unicode patterns, byte by byte.
-module(re_unicode).
-export([main/0]).

-import(re_show, [t/2]).

main() ->
    subjects(),
    invalid(),
    classes(),
    caseless(),
    ok.

subjects() ->
    S = <<"Größe über 10 € – naïve"/utf8>>,
    [t({utf8, P, C}, fun() -> re:run(S, P, [unicode, {capture, all, C}]) end)
     || P <- [<<"ö"/utf8>>, <<"\\w+"/utf8>>, <<"€">>, <<".">>, <<"ü.">>, <<"(?i)GRÖSSE">>,
              <<"\\x{20ac}">>, <<"\\p{Sc}">>, <<"[[:alpha:]]+">>, <<"\\X">>],
        C <- [index, list, binary]],
    [t({ucp, P}, fun() -> re:run(S, P, [unicode, ucp, global, {capture, all, list}]) end)
     || P <- ["\\w+", "\\b\\w", "\\d", "[[:alpha:]]+"]],
    t(list_subject, fun() -> re:run("Größe", "ö", [unicode]) end),
    t(list_subject_list_capture, fun() -> re:run("Größe", "(ö)(ß)", [unicode, {capture, all, list}]) end),
    t(chardata_subject, fun() -> re:run([<<"Gr"/utf8>>, 246, <<"ße"/utf8>>], "ö", [unicode, {capture, all, binary}]) end),
    t(chardata_pattern, fun() -> re:run(<<"x€y"/utf8>>, [$€], [unicode]) end),
    t(binary_pattern_list_capture, fun() -> re:run(<<"x€y"/utf8>>, <<"€."/utf8>>, [unicode, {capture, all, list}]) end),
    t(global_list_capture, fun() -> re:run(<<"a€b€"/utf8>>, <<"€"/utf8>>, [unicode, global, {capture, all, list}]) end),
    t(precompiled_list, fun() -> {ok, P} = re:compile("(.)€", [unicode]),
                                 re:run("a€", P, [{capture, all, list}]) end),
    t(precompiled_binary, fun() -> {ok, P} = re:compile("(.)€", [unicode]),
                                   re:run(<<"a€"/utf8>>, P, [{capture, all, binary}]) end),
    t(precompiled_chardata, fun() -> {ok, P} = re:compile(<<"€"/utf8>>, [unicode]),
                                     re:run([$a, 8364], P) end),
    t(ucompile, fun() -> re:compile([$(, 8364, $)], [unicode]) end),
    t(ucompile_error, fun() -> re:compile([$(, 8364], [unicode]) end),
    t(offset_utf8, fun() -> re:run(<<"é€x"/utf8>>, "x|€", [unicode, {offset, 2}]) end),
    t(offset_mid_char, fun() -> re:run(<<"é€x"/utf8>>, <<"x">>, [unicode, {offset, 1}]) end),
    t(latin1_bytes, fun() -> re:run(<<"é€"/utf8>>, <<".">>, [global]) end),
    t(escape_big, fun() -> re:run(<<"a"/utf8, 16#10FFFF/utf8>>, <<"\\x{10ffff}">>, [unicode]) end),
    ok.

invalid() ->
    Bad = [<<255>>, <<"a", 255>>, <<"ab", 195, 40>>, <<237, 160, 128>>, <<"x", 226, 130>>],
    [t({bad_subject, B}, fun() -> re:run(B, <<"a">>, [unicode]) end) || B <- Bad],
    [t({bad_subject_report, B}, fun() -> re:run(B, <<"a">>, [unicode, report_errors]) end) || B <- Bad],
    [t({bad_subject_list_pattern, B}, fun() -> re:run(B, "a", [unicode]) end) || B <- Bad],
    [t({bad_subject_global, B}, fun() -> re:run(B, <<"a">>, [unicode, global]) end) || B <- Bad],
    {ok, P} = re:compile(<<"a">>, [unicode]),
    [t({bad_subject_precompiled, B}, fun() -> re:run(B, P) end) || B <- Bad],
    [t({bad_subject_precompiled_global, B}, fun() -> re:run(B, P, [global]) end) || B <- Bad],
    t(bad_list, fun() -> re:run([$a, -1], P) end),
    t(bad_list_big, fun() -> re:run([$a, 16#110000], P) end),
    t(utf_verb_bad_subject, fun() -> re:run(<<"a", 255>>, <<"(*UTF)a">>) end),
    t(never_utf, fun() -> re:run(<<"a">>, <<"(*UTF)a">>, [never_utf]) end),
    t(never_utf_report, fun() -> re:run(<<"a">>, <<"(*UTF)a">>, [never_utf, report_errors]) end),
    ok.

%% which bytes each class matches without unicode (ERTS's Latin-1 tables)
classes() ->
    Classes = ["\\w", "\\d", "\\s", "\\W", "[[:alpha:]]", "[[:upper:]]", "[[:lower:]]",
               "[[:alnum:]]", "[[:punct:]]", "[[:graph:]]", "[[:print:]]", "[[:cntrl:]]",
               "[[:xdigit:]]", "[[:space:]]", "[[:blank:]]", "[[:word:]]", "\\h", "\\v",
               "\\b", "[^[:alpha:]]", "."],
    [begin
         {ok, P} = re:compile(C),
         Hits = [B || B <- lists:seq(0, 255), re:run(<<B>>, P) =/= nomatch],
         io:format("~s: ~w~n", [C, Hits])
     end || C <- Classes],
    ok.

caseless() ->
    Pairs = [{B, [C || C <- lists:seq(0, 255), C =/= B,
                       re:run(<<C>>, <<"^[", B, "]$">>, [caseless]) =/= nomatch]}
             || B <- lists:seq(1, 255), B =/= $], B =/= $\\, B =/= $^, B =/= $-, B =/= $[],
    io:format("caseless: ~w~n", [[P || {_, [_ | _]} = P <- Pairs]]),
    t(caseless_utf8, fun() -> re:run(<<"ÉCOLE"/utf8>>, <<"école"/utf8>>, [caseless, unicode]) end),
    t(caseless_latin1, fun() -> re:run(<<"ÉCOLE">>, <<"école">>, [caseless]) end),
    t(caseless_sharp_s, fun() -> re:run(<<"SS"/utf8>>, <<"ß"/utf8>>, [caseless, unicode]) end),
    ok.
