%% A module with an -on_load function and code from an include file, so
%% that its Line chunk names two files.
-module(beam_onload).
-on_load(init/0).
-export([g/1]).

-include("beam_onload.hrl").

init() -> ok.

g(X) -> h(X) + 1.
