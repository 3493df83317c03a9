%% The smallest useful module: one exported function, no literals, no funs.
-module(beam_tiny).
-export([f/1]).

f(X) -> {ok, X}.
