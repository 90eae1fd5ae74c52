# Une commande par ligne.
ls
