# Being written (helper B): board, board_export.
def board(request, pk):
    raise NotImplementedError


def board_export(request, pk):
    raise NotImplementedError
