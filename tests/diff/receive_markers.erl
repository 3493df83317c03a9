%% Selective receive on a fresh reference (OTP 25's receive markers):
%% replies are found past a full mailbox, the old messages stay in order,
%% and a receive with a timeout, or one left by an exception, leaves the
%% queue whole.
-module(receive_markers).
-export([main/0]).
-import(diff_show, [show/1]).

main() ->
    [self() ! {junk, I} || I <- lists:seq(1, 5000)],
    S = spawn(fun server/0),
    show(calls(S, 5000, 0)),
    show(process_info(self(), message_queue_len)),
    %% a reply that never comes: the receive times out, the queue is whole
    Ref = make_ref(),
    S ! {ignore, self(), Ref},
    show(receive {Ref, _} -> got after 20 -> timeout end),
    %% an exception between making the reference and receiving
    show(catch call_then_fail(S)),
    show(call(S)),
    %% nested: a call made while handling another reply
    R1 = make_ref(),
    S ! {call, self(), R1},
    show(receive {R1, reply} -> call(S) end),
    show(process_info(self(), message_queue_len)),
    %% the old messages, oldest first
    Junk = [receive {junk, I} -> I end || _ <- lists:seq(1, 5000)],
    show(Junk =:= lists:seq(1, 5000)),
    %% the reply to the call that failed is still there
    show(receive {R, reply} when is_reference(R) -> leftover_reply; Any -> Any after 0 -> empty end),
    show(receive Any2 -> Any2 after 0 -> empty end),
    ok.

calls(_, 0, Acc) -> Acc;
calls(S, K, Acc) -> reply = call(S), calls(S, K - 1, Acc + 1).

call(S) ->
    Ref = make_ref(),
    S ! {call, self(), Ref},
    receive {Ref, R} -> R end.

call_then_fail(S) ->
    Ref = make_ref(),
    S ! {call, self(), Ref},
    _ = 1 / length(atom_to_list(foo) -- "foo"),
    receive {Ref, R} -> R end.

server() ->
    receive
        {call, From, Ref} -> From ! {Ref, reply};
        {ignore, _, _} -> ok
    end,
    server().
