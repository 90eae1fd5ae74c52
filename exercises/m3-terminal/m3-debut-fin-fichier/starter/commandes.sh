# Les 3 premières lignes dans debut.txt, les 4 dernières dans recent.txt.
