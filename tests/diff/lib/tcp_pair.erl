%% A connected pair of tcp sockets for the inet tests: a client connected
%% to the listening socket L (on 127.0.0.1, port P) with Opts, and the
%% socket accepted for it, owned by the caller.
-module(tcp_pair).
-export([pair/3]).

pair(L, P, Opts) ->
    Self = self(),
    spawn(fun() ->
                  {ok, A} = gen_tcp:accept(L),
                  ok = gen_tcp:controlling_process(A, Self),
                  Self ! {accepted, A}
          end),
    {ok, C} = gen_tcp:connect({127,0,0,1}, P, Opts),
    A = receive {accepted, X} -> X end,
    {C, A}.
