# 1. Décompresse site-asso.zip avec unzip.
# 2. Supprime l'archive avec rm.
ls
