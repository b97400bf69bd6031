import sys

from zhevents.cli import main

sys.exit(main())
