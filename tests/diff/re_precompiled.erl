%% Precompiled patterns: their fields, reuse with run options, patterns
%% compiled with different options, patterns through term_to_binary and
%% messages, re:inspect/2, re:version/0, and what re:run refuses.
-module(re_precompiled).
-export([main/0]).

-import(re_show, [t/2]).

main() ->
    {ok, P} = re:compile("(?<w>\\w+)@(?<d>[a-z.]+)", [caseless]),
    S = "Mail: Joe@Example.org, ann@b.net",
    t(fields, fun() -> P end),
    t(equal_compiles, fun() -> {ok, Q} = re:compile("(?<w>\\w+)@(?<d>[a-z.]+)", [caseless]),
                               {P =:= Q, P == Q} end),
    t(other_options_differ, fun() -> {ok, Q} = re:compile("(?<w>\\w+)@(?<d>[a-z.]+)"), P =:= Q end),
    t(run, fun() -> re:run(S, P, [global, {capture, all_names, list}]) end),
    t(run_other_options, fun() -> {ok, Q} = re:compile("(?<w>\\w+)@(?<d>[a-z.]+)"),
                                  re:run(S, Q, [global, {capture, all_names, list}]) end),
    t(run_offset, fun() -> re:run(S, P, [{offset, 10}, {capture, [d], binary}]) end),
    t(run_anchored, fun() -> re:run(S, P, [anchored]) end),
    t(run_notbol, fun() -> {ok, B} = re:compile("^M"), re:run(S, B, [notbol]) end),
    t(ext, fun() -> Q = binary_to_term(term_to_binary(P)),
                    {Q =:= P, re:run(S, Q, [{capture, all, list}])} end),
    t(ext_compressed, fun() -> Q = binary_to_term(term_to_binary(P, [compressed])),
                               re:run(S, Q, [{capture, first, list}]) end),
    t(message, fun() -> Self = self(),
                        Pid = spawn(fun() -> receive {Q, Str} -> Self ! {self(), re:run(Str, Q)} end end),
                        Pid ! {P, S},
                        receive {Pid, R} -> R end end),
    t(many_processes, fun() -> Self = self(),
                               Pids = [spawn(fun() -> Self ! {self(), re:run(integer_to_list(N) ++ "@x.y", P,
                                                                            [{capture, [w], list}])} end)
                                       || N <- lists:seq(1, 20)],
                               [receive {Pid, R} -> R end || Pid <- Pids] end),
    t(ets, fun() -> T = ets:new(t, []), ets:insert(T, {p, P}),
                    [{p, Q}] = ets:lookup(T, p), re:run("a@b", Q, [{capture, all, list}]) end),
    t(unicode_fields, fun() -> re:compile("é(.)", [unicode]) end),
    t(crlf_fields, fun() -> [re:compile("a", [{newline, N}]) || N <- [cr, lf, crlf, any, anycrlf]] end),
    t(inspect, fun() -> re:inspect(P, namelist) end),
    t(inspect_bad_item, fun() -> re:inspect(P, names) end),
    t(inspect_bad, fun() -> re:inspect({re_pattern, 1, 0, 0, <<"nope">>}, namelist) end),
    t(inspect_not_mp, fun() -> re:inspect("abc", namelist) end),
    t(version, fun() -> re:version() end),
    Forged = [{re_pattern, 0, 0, 0, <<>>}, {re_pattern, 1, 0, 0, <<1, 2, 3>>},
              {re_pattern, a, 0, 0, <<>>}, {re_pattern, 0, 0, 0, <<1:3>>}, {re_pattern},
              {other, 0, 0, 0, <<>>}, setelement(5, P, <<"x">>)],
    [t({forged, F}, fun() -> re:run("a", F) end) || F <- Forged],
    t(forged_groups, fun() -> re:run("a@b", setelement(2, P, 0), [{capture, all, list}]) end),
    t(compile_option_at_run, fun() -> re:run(S, P, [caseless]) end),
    t(unicode_at_run, fun() -> re:run(S, P, [unicode]) end),
    t(bad_subject, fun() -> re:run(foo, P) end),
    t(bad_options, fun() -> re:run(S, P, [bad]) end),
    ok.
