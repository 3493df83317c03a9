# Shared by the bench/ scripts (sourced).
# median: the median of the numbers on stdin, one per line.
median() { sort -n | awk '{v[NR]=$1} END{print v[int((NR+1)/2)]}'; }
