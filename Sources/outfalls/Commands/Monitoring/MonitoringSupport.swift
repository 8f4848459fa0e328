import Foundation
import JSON
import Supervision
import Workflows

