// SPDX-License-Identifier: BUSL-1.1
pragma solidity ^0.8.28;

import {IGovernance} from "../interfaces/IGovernance.sol";

/// @title Checks that a proposal description is an IPFS reference (`ipfs://<CID>...`)
library ProposalDescription {
    function requireIpfs(string memory description) internal pure {
        bytes memory text = bytes(description);
        // "ipfs://" followed by at least a CIDv0/v1 prefix's worth of characters
        if (
            text.length < 17 || text[0] != "i" || text[1] != "p" || text[2] != "f" || text[3] != "s" || text[4] != ":"
                || text[5] != "/" || text[6] != "/"
        ) revert IGovernance.GovernorDescriptionNotIpfs();
    }
}
