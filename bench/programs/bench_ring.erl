-module(bench_ring).
-export([run/0]).
%% A ring of 10,000 processes passing a token 1,000,000 times in all.
run() ->
    N = 10000,
    Hops = 1000000,
    Self = self(),
    First = lists:foldl(fun(_, Next) -> spawn(fun() -> relay(Next) end) end, Self, lists:seq(1, N - 1)),
    First ! {token, Hops},
    Count = loop(First, 0),
    First ! stop,
    Count.
%% the token comes back to the main process after every round
loop(First, Count) ->
    receive
        {token, 0} -> Count;
        {token, K} -> First ! {token, K - 1}, loop(First, Count + 1)
    end.
relay(Next) ->
    receive
        {token, 0} = T -> Next ! T, relay(Next);
        {token, K} -> Next ! {token, K - 1}, relay(Next);
        stop -> Next ! stop
    end.
