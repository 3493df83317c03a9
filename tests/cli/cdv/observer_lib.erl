%% Stands in for observer's observer_lib, which crashdump_viewer calls only
%% to report its progress: the reports go to the process registered as
%% cdv_check_progress (cdv_check), if any. observer_lib itself needs wx.
-module(observer_lib).
-export([report_progress/1]).

report_progress(Progress) ->
    case whereis(cdv_check_progress) of
        undefined -> ok;
        Pid -> Pid ! {cdv_progress, Progress}, ok
    end.
