%% A scratch directory for the file tests (tests/diff/*.erl), made and
%% removed with prim_file alone, so that the tests need no file server.
-module(scratch_dir).
-export([fresh/1, wipe/1]).

-include_lib("kernel/include/file.hrl").

%% An empty directory Path (below the current one), whatever was there.
fresh(Path) ->
    wipe(Path),
    ok = prim_file:make_dir(Path).

%% Removes the tree at Path, if any.
wipe(Path) ->
    case prim_file:read_link_info(Path) of
        {ok, #file_info{type = directory}} ->
            {ok, Names} = prim_file:list_dir(Path),
            [wipe(filename:join(Path, N)) || N <- Names],
            ok = prim_file:del_dir(Path);
        {ok, _} -> ok = prim_file:delete(Path);
        {error, enoent} -> ok
    end.
