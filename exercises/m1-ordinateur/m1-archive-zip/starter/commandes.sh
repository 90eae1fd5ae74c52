# Crée l'archive mon-site.zip avec la commande zip.
