# Déplace les photos, renomme la page d'accueil, supprime les .tmp.
