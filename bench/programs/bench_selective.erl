-module(bench_selective).
-export([run/0]).
%% 10,000 calls (a reply on a fresh reference) with 10,000 other messages
%% waiting in the caller's mailbox.
run() ->
    [self() ! {junk, I} || I <- lists:seq(1, 10000)],
    S = spawn(fun server/0),
    N = calls(S, 10000, 0),
    S ! stop,
    [receive {junk, _} -> ok end || _ <- lists:seq(1, 10000)],
    N.
calls(_, 0, Acc) -> Acc;
calls(S, K, Acc) ->
    Ref = make_ref(),
    S ! {call, self(), Ref},
    receive {Ref, reply} -> calls(S, K - 1, Acc + 1) end.
server() ->
    receive
        {call, From, Ref} -> From ! {Ref, reply}, server();
        stop -> ok
    end.
