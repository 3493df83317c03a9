%% Printing helpers for the differential tests (tests/diff/*.erl).
-module(diff_show).
-export([show/1, err/1]).

show(X) -> io:format("~p~n", [X]).

%% The error a call raises and its top stack frame without the arguments
%% (they may hold pids and ports, whose numbers differ between VMs).
err(F) ->
    try F() of
        V -> show({returned, V})
    catch
        C:R:St ->
            [{M, Fn, Args, Loc} | _] = St,
            Arity = if is_list(Args) -> length(Args); true -> Args end,
            show({C, R, {M, Fn, Arity, Loc}})
    end.
