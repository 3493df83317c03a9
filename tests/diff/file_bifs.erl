%% The erlang BIFs under OTP's file layer: the calendar conversions that
%% prim_file turns file times with (ERTS's ranges and arithmetic, in the
%% time zone both VMs run in), and the dynamic-tracing tags file.erl
%% passes along (an ERTS without DTrace has none).
-module(file_bifs).
-export([main/0]).

t(F) -> try F() catch C:R -> {C, R} end.

main() ->
    [io:format("p2u ~w -> ~w~n", [X, t(fun() -> erlang:posixtime_to_universaltime(X) end)])
     || X <- [0, 1700000000, -1, -62167219200, -62167219201, 253402300799, 253402300800,
              1 bsl 40, 1 bsl 62, 1 bsl 64, -(1 bsl 62), 1.0, a]],
    [io:format("u2p ~w -> ~w~n", [X, t(fun() -> erlang:universaltime_to_posixtime(X) end)])
     || X <- [{{1970,1,1},{0,0,0}}, {{2023,11,14},{22,13,20}}, {{1600,1,1},{0,0,0}},
              {{1599,12,31},{23,59,59}}, {{0,1,1},{0,0,0}}, {{10000,1,1},{0,0,0}},
              {{2023,2,29},{0,0,0}}, {{2024,2,29},{0,0,0}}, {{1900,2,29},{0,0,0}},
              {{2000,2,29},{0,0,0}}, {{2023,1,1},{24,0,0}}, {{2023,1,1},{23,59,60}},
              {{2023,13,1},{0,0,0}}, {{2023,4,31},{0,0,0}}, foo, {{2023,1,1}},
              {{1 bsl 40,1,1},{0,0,0}}, {{2023,1,1},{0,0,0.0}}]],
    [io:format("u2l ~w -> ~w~n", [X, t(fun() -> erlang:universaltime_to_localtime(X) end)])
     || X <- [{{1970,1,1},{0,0,0}}, {{1902,1,1},{0,0,0}}, {{1901,12,31},{0,0,0}},
              {{2023,2,29},{0,0,0}}, {{10000,1,1},{0,0,0}}, {{2200,6,1},{12,0,0}}, foo]],
    [io:format("l2u ~w -> ~w~n", [X, t(fun() -> erlang:localtime_to_universaltime(X) end)])
     || X <- [{{1970,1,1},{0,0,0}}, {{1902,1,1},{0,0,0}}, {{1901,12,31},{0,0,0}},
              {{2023,2,29},{0,0,0}}, {{10000,1,1},{0,0,0}}, {{2200,6,1},{12,0,0}}, foo]],
    [io:format("l2u/2 ~w -> ~w~n", [D, t(fun() -> erlang:localtime_to_universaltime({{2020,6,1},{12,0,0}}, D) end)])
     || D <- [true, false, undefined, foo]],
    Now = erlang:universaltime(),
    io:format("roundtrip ~w~n", [erlang:localtime_to_universaltime(erlang:universaltime_to_localtime(Now)) =:= Now]),
    io:format("posix roundtrip ~w~n",
              [erlang:posixtime_to_universaltime(erlang:universaltime_to_posixtime(Now)) =:= Now]),
    io:format("dt ~w~n", [[t(fun() -> erlang:dt_spread_tag(X) end) || X <- [true, false, x]]]),
    io:format("dt ~w~n", [[t(fun() -> erlang:dt_restore_tag(X) end) || X <- [true, false, x]]]),
    io:format("dt ~w~n", [[erlang:dt_get_tag(), erlang:dt_get_tag_data(), erlang:dt_put_tag(<<"a">>),
                           erlang:dt_prepend_vm_tag_data(<<"x">>), erlang:dt_append_vm_tag_data(y)]]),
    ok.
