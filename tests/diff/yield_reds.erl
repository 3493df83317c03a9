%% flags: +S 1
%% erlang:yield/0 gives the scheduler away at once (on one scheduler the
%% process spawned just before runs before the caller goes on), and a
%% process's reductions count the work it did between waits.
-module(yield_reds).
-export([main/0]).

main() ->
    Self = self(),
    spawn(fun() -> Self ! ran end),
    Before = receive ran -> early after 0 -> not_yet end,
    true = erlang:yield(),
    After = receive ran -> ran after 0 -> not_yet end,
    io:format("~p ~p~n", [Before, After]),
    {reductions, R0} = process_info(self(), reductions),
    Echo = spawn(fun Loop() -> receive {P, N} -> P ! N, Loop() end end),
    [receive N -> N end || N <- [begin Echo ! {Self, I}, I end || I <- lists:seq(1, 2000)]],
    {reductions, R1} = process_info(self(), reductions),
    {reductions, E} = process_info(Echo, reductions),
    io:format("~p ~p~n", [R1 - R0 > 2000, E > 2000]).
