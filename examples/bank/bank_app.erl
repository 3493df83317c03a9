%% The application callback: starts the top supervisor.
-module(bank_app).
-behaviour(application).
-export([start/2, stop/1]).

start(_Type, _Args) -> bank_sup:start_link().

stop(_State) -> ok.
